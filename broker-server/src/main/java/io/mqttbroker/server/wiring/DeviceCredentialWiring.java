package io.mqttbroker.server.wiring;

import io.mqttbroker.admin.devicecredentials.DeviceCredentialRoutes;
import io.mqttbroker.auth.devicecredential.DeviceCredentialAuthenticator;
import io.mqttbroker.auth.devicecredential.DeviceCredentialAuthorizer;
import io.mqttbroker.auth.devicecredential.DeviceCredentialService;
import io.mqttbroker.auth.devicecredential.DeviceCredentialSettings;
import io.mqttbroker.auth.devicecredential.DeviceCredentialStore;
import io.mqttbroker.auth.devicecredential.DeviceKeyCache;
import java.time.Duration;
import java.util.List;

/** Builds unique-certificate-per-device mode ({@code device-credential} in {@code auth.modes}). */
final class DeviceCredentialWiring {
  /** Room for the opened keys of a large fleet reconnecting at once, bounded so memory stays predictable. */
  private static final long CACHED_KEYS = 100_000;
  /**
   * Refresh and unregister evict this node's cache at once, and the other nodes' when the revocation relay of a shared
   * PostgreSQL store brings them the revocation; the expiry bounds how long a node that missed it (relay down) may
   * still accept a replaced key.
   */
  private static final Duration CACHE_EXPIRY = Duration.ofMinutes(1);

  private DeviceCredentialWiring() {}

  static ModeBundle create(ModeContext ctx) {
    DeviceCredentialSettings settings = new DeviceCredentialSettings(
        ctx.instanceId(),
        // The reference caps credentials by the instance's connection spec: here, the configured maximum.
        ctx.settings().getLong("mqtt.max-connections"),
        ctx.settings().getInt("mqtt.max-client-id-length"),
        ctx.settings().getBoolean("auth.require-group-format"));
    DeviceCredentialStore store = new DeviceCredentialStore(ctx.database());
    store.migrate();
    DeviceKeyCache keys = new DeviceKeyCache(store, ctx.secrets(), CACHED_KEYS, CACHE_EXPIRY);
    DeviceCredentialService service =
        new DeviceCredentialService(store, keys, ctx.secrets(), ctx.revocations(), settings, ctx.clock());
    return new ModeBundle(
        DeviceCredentialAuthenticator.MODE,
        new DeviceCredentialAuthenticator(keys, settings.instanceId()),
        List.of(new DeviceCredentialAuthorizer()),
        List.of(),
        List.of(),
        List.of(new DeviceCredentialRoutes(service)));
  }
}
