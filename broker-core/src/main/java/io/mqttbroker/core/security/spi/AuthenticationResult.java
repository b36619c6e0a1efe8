package io.mqttbroker.core.security.spi;

import java.time.Instant;
import java.util.Optional;

/** The answer of one {@link Authenticator}. */
public sealed interface AuthenticationResult {

  /** The username is this authenticator's and the client may connect. */
  record Allow(Principal principal, Optional<Instant> expiresAt) implements AuthenticationResult {
    public static Allow of(Principal principal) {
      return new Allow(principal, Optional.empty());
    }
  }

  /**
   * The username is this authenticator's and the client may not connect. The message goes into the log and the MQTT 5
   * reason string; it must not contain a secret.
   */
  record Deny(DenyReason reason, String message) implements AuthenticationResult {}

  /** Not this authenticator's username: the chain asks the next one. */
  record Ignore() implements AuthenticationResult {}

  Ignore IGNORE = new Ignore();

  static AuthenticationResult deny(DenyReason reason, String message) {
    return new Deny(reason, message);
  }
}
