package io.mqttbroker.core.security.spi;

/** The answer of one {@link Authorizer}. NO_MATCH from every authorizer of the chain is a deny. */
public enum AuthorizationResult {
  ALLOW,
  DENY,
  NO_MATCH
}
