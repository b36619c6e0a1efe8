package io.mqttbroker.auth.signature.mode;

import io.mqttbroker.auth.signature.AccessKey;
import io.mqttbroker.auth.signature.AccessKeyDirectory;
import io.mqttbroker.auth.signature.AccessKeyService;
import io.mqttbroker.auth.signature.mode.SignatureGrants.GroupVerdict;
import io.mqttbroker.core.security.spi.Action;
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

/**
 * Signature mode at CONNECT (AUTH-SPEC sections 1, 2 and 6): username {@code Signature|<AccessKeyId>|<InstanceId>},
 * password Base64(HMAC-SHA1(key = AccessKeySecret, data = ClientId)). Any other username is not this mode's. A store
 * outage is SERVER_UNAVAILABLE; any other failure is thrown to the security chain, which refuses it the same way and
 * logs it. Runs on the auth executor and may block on a cache miss.
 */
public final class SignatureAuthenticator implements Authenticator {
  /** The mode's name, in configuration and in its principals. */
  public static final String MODE = "signature";

  private final AccessKeyDirectory keys;
  private final String instanceId;

  public SignatureAuthenticator(AccessKeyDirectory keys, String instanceId) {
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
    Claim claim = ReferenceUsername.claim(request, ReferenceUsername.SIGNATURE, instanceId);
    if (claim instanceof Claim.NotMine) {
      return AuthenticationResult.IGNORE;
    }
    if (claim instanceof Claim.Refused refused) {
      return refused.deny();
    }
    String accessKeyId = ((Claim.Key) claim).keyId();
    Optional<AccessKey> key;
    try {
      key = keys.find(accessKeyId);
    } catch (StoreUnavailableException e) {
      return AuthenticationResult.deny(DenyReason.SERVER_UNAVAILABLE, "the credential store is unavailable");
    }
    if (key.isEmpty()) {
      return AuthenticationResult.deny(DenyReason.BAD_CREDENTIALS, "unknown access key " + accessKeyId);
    }
    byte[] password = request.password().orElse(new byte[0]);
    if (!Signatures.verifyHmacSha1(key.get().accessKeySecret(), request.clientId(), password)) {
      return AuthenticationResult.deny(DenyReason.BAD_CREDENTIALS, "the signature does not match the client id");
    }
    return AuthenticationResult.Allow.of(principal(key.get(), request.clientId()));
  }

  private static Principal principal(AccessKey key, String clientId) {
    Optional<String> group = PolicyEvaluator.groupOf(clientId);
    SignatureGrants grants = key.owner()
        ? new SignatureGrants(key.accessKeyId(), true, GroupVerdict.UNRESTRICTED, GroupVerdict.UNRESTRICTED)
        : new SignatureGrants(key.accessKeyId(), false,
            PolicyEvaluator.judgeGroup(key.policies(), Action.PUBLISH, group),
            PolicyEvaluator.judgeGroup(key.policies(), Action.SUBSCRIBE, group));
    return new Principal(MODE, key.accessKeyId(), grants,
        Set.of(AccessKeyService.REVOCATION_PREFIX + key.accessKeyId(), "clientId:" + clientId));
  }
}
