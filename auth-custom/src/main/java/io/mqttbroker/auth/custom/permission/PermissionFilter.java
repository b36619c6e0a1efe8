package io.mqttbroker.auth.custom.permission;

import io.mqttbroker.auth.custom.IdentityType;
import java.util.Optional;

/** The filters of QueryCustomAuthPermission; each present one must match exactly. */
public record PermissionFilter(Optional<IdentityType> identityType, Optional<String> identity, Optional<String> topic) {
  public static final PermissionFilter ALL = new PermissionFilter(Optional.empty(), Optional.empty(), Optional.empty());
}
