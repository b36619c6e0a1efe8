package io.mqttbroker.auth.token;

import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.AuthorizationRequest;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.security.spi.Authorizer;
import io.mqttbroker.core.security.spi.ClientContext;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * PUBLISH needs an unexpired W or RW token of the session whose resources match the topic; SUBSCRIBE an unexpired R
 * or RW token whose resources cover the filter. Answers from the session's {@link TokenGrants} in memory, on the
 * client's event loop. Before a DENY it sends {@code $SYS/tokenInvalidNotice}: code 5 when the session has no token of
 * a fitting type, 2 when only an expired token would have allowed it (or every fitting token has expired), else 4.
 */
public final class TokenAuthorizer implements Authorizer {
  private static final TokenType[] FOR_PUBLISH = {TokenType.W, TokenType.RW};
  private static final TokenType[] FOR_SUBSCRIBE = {TokenType.R, TokenType.RW};

  private final Clock clock;
  // Completed stages made once: the usual answer costs no allocation. completedStage() cannot be completed again.
  private final CompletionStage<AuthorizationResult> allow = CompletableFuture.completedStage(AuthorizationResult.ALLOW);
  private final CompletionStage<AuthorizationResult> deny = CompletableFuture.completedStage(AuthorizationResult.DENY);
  private final CompletionStage<AuthorizationResult> noMatch =
      CompletableFuture.completedStage(AuthorizationResult.NO_MATCH);

  public TokenAuthorizer(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return TokenGrants.MODE;
  }

  @Override
  public CompletionStage<AuthorizationResult> authorize(AuthorizationRequest request) {
    ClientContext client = request.client();
    if (!(client.principal().grants() instanceof TokenGrants grants)) {
      return noMatch;
    }
    boolean publish = request.action() == Action.PUBLISH;
    long now = clock.millis();
    GrantedToken fitting = null;
    GrantedToken expiredButCovering = null;
    GrantedToken firstUnexpired = null;
    for (TokenType type : publish ? FOR_PUBLISH : FOR_SUBSCRIBE) {
      GrantedToken token = grants.tokens().get(type);
      if (token == null) {
        continue;
      }
      if (fitting == null) {
        fitting = token;
      }
      boolean covers = publish ? token.matchesTopic(request.topic()) : token.coversFilter(request.topic());
      if (token.isExpiredAt(now)) {
        if (covers && expiredButCovering == null) {
          expiredButCovering = token;
        }
        continue;
      }
      if (firstUnexpired == null) {
        firstUnexpired = token;
      }
      if (covers) {
        return allow;
      }
    }
    if (fitting == null) {
      client.sendSystemMessage(TokenNotices.INVALID_NOTICE_TOPIC, TokenNotices.invalid(
          TokenNotices.CODE_TYPE_MISMATCH, publish ? TokenType.W : TokenType.R));
    } else if (expiredButCovering != null || firstUnexpired == null) {
      GrantedToken expired = expiredButCovering != null ? expiredButCovering : fitting;
      client.sendSystemMessage(TokenNotices.INVALID_NOTICE_TOPIC,
          TokenNotices.invalid(TokenNotices.CODE_EXPIRED, expired.type()));
    } else {
      client.sendSystemMessage(TokenNotices.INVALID_NOTICE_TOPIC,
          TokenNotices.invalid(TokenNotices.CODE_RESOURCE_NOT_COVERED, firstUnexpired.type()));
    }
    return deny;
  }
}
