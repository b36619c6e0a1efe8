package io.mqttbroker.core.session;

import io.mqttbroker.core.routing.Message;

/** The live connection a session writes to. Implementations are thread-safe and never block. */
public interface SessionChannel {
  /** Writes a PUBLISH (packetId is 0 for QoS 0). */
  void sendPublish(int packetId, Message message, boolean duplicate);

  /** Writes a PUBREL for an outbound QoS 2 message. */
  void sendPubrel(int packetId);
}
