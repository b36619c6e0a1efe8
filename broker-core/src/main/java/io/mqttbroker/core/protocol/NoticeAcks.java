package io.mqttbroker.core.protocol;

import io.mqttbroker.core.routing.Message;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The system notices ({@code ClientContext.sendSystemMessage}) of one connection that the client has not acknowledged
 * yet. A notice often announces a close ({@code $SYS/tokenInvalidNotice}), and client libraries drop a message that is
 * still waiting for their callback thread when the connection goes (Paho does), so a close waits until every notice
 * is acknowledged - a QoS 1 PUBACK is sent once the client's callback has returned - for at most {@link #GRACE_MILLIS}.
 * Thread-safe: notices are handed over on any thread, packet ids are assigned under the session's lock.
 */
final class NoticeAcks {
  /** Longest a close waits for the client to acknowledge its notices. */
  static final long GRACE_MILLIS = 3_000;

  // Guarded by this. Identity, not equality: two notices may carry the same topic and payload.
  private final Set<Message> unsent = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Integer> unacked = new HashSet<>();

  /** {@code notice} is about to be handed to the session. */
  synchronized void handedOver(Message notice) {
    unsent.add(notice);
  }

  /** The session sends {@code message} under {@code packetId}; remembered if it is a notice. */
  synchronized void sent(int packetId, Message message) {
    if (unsent.remove(message)) {
      unacked.add(packetId);
    }
  }

  /** A PUBACK arrived; true when no notice is outstanding any more. */
  synchronized boolean acked(int packetId) {
    unacked.remove(packetId);
    return isSettled();
  }

  /** Whether every notice handed over has been acknowledged. */
  synchronized boolean isSettled() {
    return unsent.isEmpty() && unacked.isEmpty();
  }
}
