package io.mqttbroker.core.security.spi;

import java.util.concurrent.CompletionStage;

/**
 * Decides PUBLISH and SUBSCRIBE for connected clients. Called on the client's event loop: an implementation must not
 * block. When the answer is in memory (the usual case: the grants of the principal, an in-memory index) return an
 * already completed stage, and the broker continues without a thread hop; otherwise complete the stage later from a
 * thread of your own, and the broker pauses reading from that client until it completes. Answer
 * {@link AuthorizationResult#NO_MATCH} for principals of other modes.
 */
public interface Authorizer {
  String name();

  CompletionStage<AuthorizationResult> authorize(AuthorizationRequest request);
}
