package io.mqttbroker.auth.custom;

import io.mqttbroker.auth.custom.identity.CustomAuthIdentity;
import io.mqttbroker.auth.custom.identity.IdentityService;
import io.mqttbroker.auth.custom.identity.SignMode;
import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.Authenticator;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.DenyReason;
import io.mqttbroker.core.security.spi.ReferenceUsername;
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
 * CONNECT in custom mode (AUTH-SPEC.md section 5). Usernames with the prefix of a built-in mode ({@code Signature|},
 * {@code Token|}, {@code DeviceCredential|}) are not this mode's: ignore. The blacklist is judged before every mode by
 * {@link ConnectBlacklistGate}. For every other CONNECT:
 * <ol>
 *   <li>the CLIENT identity of (username, client id) is used if there is one, else the USER identity of the username;
 *       without either the username is not this mode's: ignore (a later mode or anonymous access may decide);</li>
 *   <li>SIGNED: the password must be Base64(HMAC-SHA1(secret, client id)); ORIGIN: the secret itself.</li>
 * </ol>
 * Blocking (cached store reads): runs on the chain's auth executor and answers with a completed stage.
 */
public final class CustomAuthenticator implements Authenticator {
  public static final String MODE = "custom";
  private static final Logger LOG = LoggerFactory.getLogger(CustomAuthenticator.class);

  private final IdentityService identities;

  public CustomAuthenticator(IdentityService identities) {
    this.identities = identities;
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
    String username = request.username().orElse("");
    if (ReferenceUsername.isReserved(username)) {
      return AuthenticationResult.IGNORE;
    }
    String clientId = request.clientId();
    try {
      Optional<CustomAuthIdentity> identity = identities.findForConnect(username, clientId);
      if (identity.isEmpty()) {
        return AuthenticationResult.IGNORE;
      }
      if (!passwordMatches(identity.get(), clientId, request.password())) {
        return AuthenticationResult.deny(DenyReason.BAD_CREDENTIALS, "bad username or password");
      }
      // Permission changes reach the client by its username and its client id (RECHECK); identity changes by the one
      // identity that let it in (CLOSE); the blacklist by its client id (CLOSE).
      return AuthenticationResult.Allow.of(Principal.of(MODE, username, Set.of(
          IdentityType.USER.revocationKey(username), IdentityType.CLIENT.revocationKey(clientId),
          identity.get().key().sessionKey(), "clientId:" + clientId)));
    } catch (StoreUnavailableException e) {
      LOG.warn("custom auth: credential store unavailable for client {}: {}", clientId, e.getMessage());
      return AuthenticationResult.deny(DenyReason.SERVER_UNAVAILABLE, "credential store unavailable");
    } catch (IllegalStateException e) {
      // A stored secret that cannot be decrypted (wrong store key): the server's fault, not the client's.
      LOG.error("custom auth: the secret of username {} cannot be read: {}", username, e.getMessage());
      return AuthenticationResult.deny(DenyReason.SERVER_UNAVAILABLE, "credential store unavailable");
    }
  }

  private static boolean passwordMatches(CustomAuthIdentity identity, String clientId, Optional<byte[]> password) {
    if (password.isEmpty()) {
      return false;
    }
    return identity.signMode() == SignMode.SIGNED
        ? Signatures.verifyHmacSha1(identity.secret(), clientId, password.get())
        : Signatures.constantTimeEquals(identity.secret(), password.get());
  }
}
