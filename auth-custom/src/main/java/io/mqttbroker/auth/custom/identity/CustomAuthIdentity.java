package io.mqttbroker.auth.custom.identity;

import io.mqttbroker.auth.custom.IdentityType;
import java.util.Optional;

/**
 * A stored identity with its secret in clear (for the authenticator and the owner's QueryCustomAuthIdentity). Never
 * log it: {@link #toString()} leaves the secret out.
 *
 * @param clientId the client id of a CLIENT identity, empty for USER
 */
public record CustomAuthIdentity(
    String username,
    IdentityType identityType,
    Optional<String> clientId,
    String secret,
    SignMode signMode,
    long createTime,
    long updateTime) {

  public IdentityKey key() {
    return new IdentityKey(identityType, username, clientId.orElse(""));
  }

  @Override
  public String toString() {
    return "CustomAuthIdentity[" + key() + ", signMode=" + signMode + ", secret=<hidden>]";
  }
}
