package io.mqttbroker.core.security.spi;

/**
 * The per-session rights an authenticator hands to its authorizer (for example the tokens of a token-mode session).
 * Implementations are immutable records owned by one auth module; the broker only stores and returns them.
 */
public interface Grants {
  /** No extra state. */
  Grants NONE = new Grants() {
    @Override
    public String toString() {
      return "Grants.NONE";
    }
  };
}
