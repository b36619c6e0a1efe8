package io.mqttbroker.server.wiring;

import io.mqttbroker.admin.tokens.TokenRoutes;
import io.mqttbroker.auth.token.JdbcTokenStore;
import io.mqttbroker.auth.token.TokenAuthenticator;
import io.mqttbroker.auth.token.TokenAuthorizer;
import io.mqttbroker.auth.token.TokenGrants;
import io.mqttbroker.auth.token.TokenPurger;
import io.mqttbroker.auth.token.TokenService;
import io.mqttbroker.auth.token.TokenSessions;
import io.mqttbroker.auth.token.TokenSettings;
import io.mqttbroker.auth.token.UploadTokenHandler;
import java.util.List;

/** Builds token mode ({@code token} in {@code auth.modes}). */
final class TokenWiring {
  private TokenWiring() {}

  static ModeBundle create(ModeContext ctx) {
    TokenSettings settings = TokenSettings.of(
        ctx.settings().getDuration("token.min-lifetime"),
        ctx.settings().getDuration("token.max-lifetime"),
        ctx.settings().getDuration("token.expire-notice-before"),
        ctx.settings().getDuration("token.purge-interval"));
    ctx.database().migrate("auth-token");
    TokenService service = new TokenService(new JdbcTokenStore(ctx.database()), ctx.accessKeys(), ctx.revocations(),
        ctx.clock(), settings, ctx.instanceId());
    TokenSessions sessions = new TokenSessions(ctx.clock(), settings.expireNoticeBefore());
    ctx.revocations().subscribe(sessions::onRevocation);
    // Runs until the broker's scheduler shuts down with the broker.
    new TokenPurger(service, ctx.blockingExecutor()).start(ctx.scheduler(), settings.purgeInterval());
    return new ModeBundle(
        TokenGrants.MODE,
        new TokenAuthenticator(service, ctx.accessKeys()),
        List.of(new TokenAuthorizer(ctx.clock())),
        List.of(sessions),
        List.of(new UploadTokenHandler(service, sessions, ctx.blockingExecutor())),
        List.of(new TokenRoutes(service)));
  }
}
