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
  // Created with the first notice: most connections never get one.
  private Set<Message> unsent;
  private Set<Integer> unacked;

  /** {@code notice} is about to be handed to the session. */
  synchronized void handedOver(Message notice) {
    if (unsent == null) {
      unsent = Collections.newSetFromMap(new IdentityHashMap<>());
      unacked = new HashSet<>();
    }
    unsent.add(notice);
  }

  /** The session sends {@code message} under {@code packetId}; remembered if it is a notice. */
  synchronized void sent(int packetId, Message message) {
    if (unsent != null && unsent.remove(message)) {
      unacked.add(packetId);
    }
  }

  /** A PUBACK arrived; true when no notice is outstanding any more. */
  synchronized boolean acked(int packetId) {
    if (unacked != null) {
      unacked.remove(packetId);
    }
    return isSettled();
  }

  /** Whether every notice handed over has been acknowledged. */
  synchronized boolean isSettled() {
    return unsent == null || (unsent.isEmpty() && unacked.isEmpty());
  }
}
