package io.mqttbroker.server.wiring;

import io.mqttbroker.auth.signature.AccessKey;
import io.mqttbroker.auth.signature.AccessKeyService;
import io.mqttbroker.auth.signature.mode.SignatureAuthenticator;
import io.mqttbroker.auth.signature.mode.SignatureAuthorizer;
import io.mqttbroker.core.security.revocation.RevocationBus;
import io.mqttbroker.server.config.Settings;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.SecretCipher;
import java.time.Clock;
import java.util.List;

/**
 * Access keys and signature mode ({@code signature} in {@code auth.modes}).
 *
 * <p>Access keys exist whatever modes are enabled (they sign admin calls and issue tokens), so they are built at start,
 * before any mode: {@link #accessKeys} then {@link #bootstrapOwner}; the result goes into {@link ModeContext} as its
 * {@code accessKeys}, the admin API serves {@code new AccessKeyRoutes(keys, instanceId)} and checks HTTP Basic with
 * {@code AccessKeyRoutes.callerVerifier(keys)}.
 *
 * <p>Signature mode itself needs no more than the context's {@code AccessKeyDirectory}: {@code find} at CONNECT and
 * {@code findAsync} at PUBLISH/SUBSCRIBE, which {@link AccessKeyService} answers from its cache. So {@link #create}
 * takes the context alone, with no cast and no second copy of the service; its bundle has no routes, because the
 * access-key routes belong to the admin API whether or not this mode is enabled.
 */
public final class SignatureWiring {
  private SignatureWiring() {}

  /** The access-key service over the shared store; migrates its tables. Call once at start. */
  public static AccessKeyService accessKeys(
      Database database, SecretCipher secrets, RevocationBus revocations, Clock clock) {
    return AccessKeyService.open(database, secrets, revocations, clock);
  }

  /**
   * Creates or updates the owner key from {@code mqtt.admin-access-key-id} and {@code mqtt.admin-access-key-secret}
   * (environment {@code MQTT_ADMIN_ACCESS_KEY_ID}, {@code MQTT_ADMIN_ACCESS_KEY_SECRET}); with neither set, one is
   * generated at first start and logged once. Fails start on a half or unusable configuration.
   */
  public static AccessKey bootstrapOwner(AccessKeyService keys, Settings settings) {
    return keys.bootstrapOwner(settings.get("mqtt.admin-access-key-id"), settings.get("mqtt.admin-access-key-secret"));
  }

  static ModeBundle create(ModeContext ctx) {
    return new ModeBundle(
        SignatureAuthenticator.MODE,
        new SignatureAuthenticator(ctx.accessKeys(), ctx.instanceId()),
        List.of(new SignatureAuthorizer(ctx.accessKeys(), ctx.blockingExecutor())),
        List.of(),
        List.of(),
        List.of());
  }
}
