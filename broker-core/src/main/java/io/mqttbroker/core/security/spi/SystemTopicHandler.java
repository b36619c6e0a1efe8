package io.mqttbroker.core.security.spi;

import java.util.concurrent.CompletionStage;

/**
 * Handles a client's PUBLISH to a {@code $SYS/...} topic that a module owns (for example {@code $SYS/uploadToken}).
 * Such messages are never routed to subscribers. The broker pauses reading from the client and sends the PUBACK only
 * after the stage completes normally; a stage that completes exceptionally closes the connection (the handler sends
 * any notice first). Any other {@code $SYS} publish is refused.
 */
public interface SystemTopicHandler {
  /** Whether this handler owns the topic. */
  boolean handles(String topic);

  CompletionStage<Void> onPublish(ClientContext client, String topic, byte[] payload);
}
