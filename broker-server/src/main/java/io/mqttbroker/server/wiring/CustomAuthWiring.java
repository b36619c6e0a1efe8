package io.mqttbroker.server.wiring;

import io.mqttbroker.admin.customauth.CustomAuthRoutes;
import io.mqttbroker.auth.custom.CustomAuth;
import java.util.List;

/** Builds custom authentication mode ({@code custom} in {@code auth.modes}). */
final class CustomAuthWiring {
  private CustomAuthWiring() {}

  static ModeBundle create(ModeContext ctx) {
    // The reference caps identities + permissions + blacklist entries by the instance's connection spec: here, the
    // configured maximum. Starting migrates the schema and loads every permission rule into memory.
    CustomAuth auth = CustomAuth.start(ctx.database(), ctx.secrets(), ctx.revocations(), ctx.clock(),
        ctx.settings().getLong("mqtt.max-connections"));
    return new ModeBundle(
        auth.authenticator().name(),
        auth.authenticator(),
        List.of(auth.authorizer()),
        List.of(),
        List.of(),
        List.of(new CustomAuthRoutes(auth.identities(), auth.permissions(), auth.blacklist(), ctx.instanceId())),
        // A blacklisted client id is refused whatever mode its username names (AUTH-SPEC 5 says "first").
        List.of(auth.blacklistGate()));
  }
}
