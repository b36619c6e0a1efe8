package io.mqttbroker.auth.custom.identity;

import io.mqttbroker.auth.custom.CustomAuthException;
import io.mqttbroker.auth.custom.IdentityType;
import io.mqttbroker.auth.custom.Params;
import io.mqttbroker.core.security.spi.ReferenceUsername;
import java.util.Optional;

/**
 * What AddCustomAuthIdentity / UpdateCustomAuthIdentity carry.
 *
 * @param clientId required for CLIENT, ignored for USER
 */
public record IdentitySpec(
    String username, IdentityType identityType, Optional<String> clientId, String secret, SignMode signMode) {
  public static final int MAX_SECRET = 256;

  public IdentitySpec {
    if (identityType == null) {
      throw CustomAuthException.invalid("IdentityType", "IdentityType is required");
    }
    if (signMode == null) {
      throw CustomAuthException.invalid("SignMode", "SignMode is required");
    }
    clientId = clientId == null ? Optional.empty() : clientId;
  }

  /** The validated key. */
  public IdentityKey key() {
    IdentityKey key = IdentityKey.of(identityType, username, clientId);
    if (ReferenceUsername.isReserved(key.username())) {
      // Such a username always goes to the built-in mode at CONNECT, so the identity could never be used.
      throw CustomAuthException.invalid("Username",
          "Username may not start with 'Signature|', 'Token|' or 'DeviceCredential|'");
    }
    return key;
  }

  /** The validated secret. */
  public String validSecret() {
    return Params.text(secret, "Secret", MAX_SECRET);
  }

  @Override
  public String toString() {
    return "IdentitySpec[" + identityType + " " + username + " " + clientId.orElse("") + " " + signMode + "]";
  }
}
