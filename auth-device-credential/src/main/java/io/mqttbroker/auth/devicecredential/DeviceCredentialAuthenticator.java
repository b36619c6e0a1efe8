package io.mqttbroker.auth.devicecredential;

import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.Authenticator;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.DenyReason;
import io.mqttbroker.core.security.spi.ReferenceUsername;
import io.mqttbroker.core.security.spi.ReferenceUsername.Claim;
import io.mqttbroker.core.security.spi.Principal;
import io.mqttbroker.core.security.spi.Signatures;
import io.mqttbroker.store.StoreUnavailableException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CONNECT with {@code DeviceCredential|<DeviceAccessKeyId>|<InstanceId>} and password
 * Base64(HMAC-SHA1(DeviceAccessKeySecret, ClientId)). Usernames without the {@code DeviceCredential|} prefix are
 * ignored; with it, the mode decides: wrong instance is NOT_AUTHORIZED; a malformed username, an unknown key, a key
 * bound to another client id or a wrong signature is BAD_CREDENTIALS; a store outage is SERVER_UNAVAILABLE; any other
 * failure (a secret that does not open with this node's store key) is thrown to the security chain, which refuses it
 * as SERVER_UNAVAILABLE and logs it. Runs on the auth executor and may block on a cache miss; a cached device costs
 * one HMAC.
 */
public final class DeviceCredentialAuthenticator implements Authenticator {
  /** The mode name, also {@link Principal#mode()} of the clients it allows. */
  public static final String MODE = "device-credential";

  private static final Logger LOG = LoggerFactory.getLogger(DeviceCredentialAuthenticator.class);

  private final DeviceKeyCache keys;
  private final String instanceId;

  public DeviceCredentialAuthenticator(DeviceKeyCache keys, String instanceId) {
    this.keys = keys;
    this.instanceId = instanceId;
  }

  @Override
  public String name() {
    return MODE;
  }

  @Override
  public CompletionStage<AuthenticationResult> authenticate(ConnectRequest request) {
    return CompletableFuture.completedFuture(decide(request));
  }

  private AuthenticationResult decide(ConnectRequest request) {
    Claim claim = ReferenceUsername.claim(request, ReferenceUsername.DEVICE_CREDENTIAL, instanceId);
    if (claim instanceof Claim.NotMine) {
      return AuthenticationResult.IGNORE;
    }
    if (claim instanceof Claim.Refused refused) {
      return refused.deny();
    }
    String keyId = ((Claim.Key) claim).keyId();
    if (request.password().isEmpty()) {
      return deny(DenyReason.BAD_CREDENTIALS, "password missing");
    }
    Optional<DeviceKeyCache.DeviceKey> key;
    try {
      key = keys.find(keyId);
    } catch (StoreUnavailableException e) {
      LOG.warn("device credential store unavailable while authenticating client {}: {}", request.clientId(),
          e.getMessage());
      return deny(DenyReason.SERVER_UNAVAILABLE, "credential store unavailable");
    }
    if (key.isEmpty()) {
      return deny(DenyReason.BAD_CREDENTIALS, "unknown device access key");
    }
    if (!key.get().clientId().equals(request.clientId())) {
      return deny(DenyReason.BAD_CREDENTIALS, "device access key is bound to another client id");
    }
    if (!Signatures.verifyHmacSha1(key.get().secret(), request.clientId(), request.password().get())) {
      return deny(DenyReason.BAD_CREDENTIALS, "bad signature");
    }
    return AuthenticationResult.Allow.of(Principal.of(MODE, request.clientId(),
        Set.of("deviceKey:" + keyId, "clientId:" + request.clientId())));
  }

  private static AuthenticationResult deny(DenyReason reason, String message) {
    return AuthenticationResult.deny(reason, message);
  }
}
