package io.mqttbroker.auth.custom.identity;

import io.mqttbroker.auth.custom.IdentityType;
import java.util.Optional;

/** The filters of QueryCustomAuthIdentity; each present one must match exactly. */
public record IdentityFilter(Optional<String> username, Optional<IdentityType> identityType, Optional<String> clientId) {
  public static final IdentityFilter ALL = new IdentityFilter(Optional.empty(), Optional.empty(), Optional.empty());
}
