package io.mqttbroker.core.security.spi;

import java.util.concurrent.CompletionStage;

/**
 * Decides whether a CONNECT may proceed. The chain calls authenticators in configured order on a bounded auth
 * executor (never on an event loop), so an implementation may do blocking I/O; it may also return a stage that
 * completes later. A stage that fails or does not complete within the chain's timeout counts as a deny with
 * {@link DenyReason#SERVER_UNAVAILABLE}. Return {@link AuthenticationResult#IGNORE} for a username that is not this
 * authenticator's ("user not found" in a store of your own is a deny only when the username is clearly yours).
 */
public interface Authenticator {
  /** A short name used in configuration and logs, e.g. {@code token}. */
  String name();

  CompletionStage<AuthenticationResult> authenticate(ConnectRequest request);
}
