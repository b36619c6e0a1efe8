package io.mqttbroker.auth.token;

import io.mqttbroker.auth.signature.AccessKeyDirectory;
import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.Authenticator;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.DenyReason;
import io.mqttbroker.core.security.spi.ReferenceUsername;
import io.mqttbroker.core.security.spi.ReferenceUsername.Claim;
import io.mqttbroker.store.StoreUnavailableException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * CONNECT with username {@code Token|<AccessKeyId>|<InstanceId>} and a {@link TokenPassword}. Every listed token must
 * be known, unrevoked, unexpired, of the stated type, issued by that access key (which must still exist) for this
 * instance. Runs on the auth executor and may block on the store.
 *
 * <p>The Allow carries no expiry: expiry is enforced by {@link TokenSessions} (notice first, and an uploaded token
 * extends the session), not by the broker's own expiry timer.
 */
public final class TokenAuthenticator implements Authenticator {

  private final TokenService service;
  private final AccessKeyDirectory accessKeys;

  public TokenAuthenticator(TokenService service, AccessKeyDirectory accessKeys) {
    this.service = service;
    this.accessKeys = accessKeys;
  }

  @Override
  public String name() {
    return TokenGrants.MODE;
  }

  @Override
  public CompletionStage<AuthenticationResult> authenticate(ConnectRequest request) {
    AuthenticationResult result;
    try {
      result = decide(request);
    } catch (StoreUnavailableException e) {
      result = AuthenticationResult.deny(DenyReason.SERVER_UNAVAILABLE, "credential store unavailable");
    }
    return CompletableFuture.completedFuture(result);
  }

  private AuthenticationResult decide(ConnectRequest request) {
    Claim claim = ReferenceUsername.claim(request, ReferenceUsername.TOKEN, service.instanceId());
    if (claim instanceof Claim.NotMine) {
      return AuthenticationResult.IGNORE;
    }
    if (claim instanceof Claim.Refused refused) {
      return refused.deny();
    }
    String accessKeyId = ((Claim.Key) claim).keyId();
    Optional<TokenPassword> password = TokenPassword.parse(request.passwordAsString());
    if (password.isEmpty()) {
      return AuthenticationResult.deny(DenyReason.BAD_CREDENTIALS,
          "malformed password, expected <R|W|RW>|<token> pairs joined by '|', at most one per type");
    }
    if (accessKeys.find(accessKeyId).isEmpty()) {
      return AuthenticationResult.deny(DenyReason.BAD_CREDENTIALS, "unknown access key " + accessKeyId);
    }
    Map<TokenType, GrantedToken> granted = new EnumMap<>(TokenType.class);
    for (TokenType type : TokenType.values()) {
      String token = password.get().tokens().get(type);
      if (token == null) {
        continue;
      }
      TokenCheck check = service.check(token);
      if (!(check instanceof TokenCheck.Valid valid)) {
        return AuthenticationResult.deny(DenyReason.BAD_CREDENTIALS, type + " token is " + describe(check));
      }
      TokenRecord record = valid.token();
      if (!record.instanceId().equals(service.instanceId())) {
        return AuthenticationResult.deny(DenyReason.NOT_AUTHORIZED, type + " token belongs to another instance");
      }
      if (!record.accessKeyId().equals(accessKeyId)) {
        return AuthenticationResult.deny(DenyReason.BAD_CREDENTIALS,
            type + " token was not issued by access key " + accessKeyId);
      }
      if (record.type() != type) {
        return AuthenticationResult.deny(DenyReason.BAD_CREDENTIALS,
            "token labelled " + type + " is of type " + record.type());
      }
      granted.put(type, GrantedToken.of(record));
    }
    return AuthenticationResult.Allow.of(new TokenGrants(granted).principal(accessKeyId, request.clientId()));
  }

  private static String describe(TokenCheck check) {
    if (check instanceof TokenCheck.Revoked) {
      return "revoked";
    }
    if (check instanceof TokenCheck.Expired) {
      return "expired";
    }
    if (check instanceof TokenCheck.IssuerGone) {
      return "of an access key that no longer exists";
    }
    return "unknown";
  }
}
