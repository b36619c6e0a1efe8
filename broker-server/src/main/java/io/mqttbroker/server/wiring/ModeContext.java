package io.mqttbroker.server.wiring;

import io.mqttbroker.auth.signature.AccessKeyDirectory;
import io.mqttbroker.core.security.revocation.RevocationBus;
import io.mqttbroker.server.config.Settings;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.SecretCipher;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every authentication mode is built from.
 *
 * @param settings the broker configuration
 * @param database the shared credential database (each mode migrates its own tables)
 * @param secrets seals secrets that must stay recoverable before they are stored
 * @param revocations where modes announce what they take away
 * @param accessKeys the access keys (always present, whatever modes are enabled)
 * @param clock the broker's clock (tests may move it)
 * @param scheduler the broker's one scheduler for timed work (never block in it)
 * @param blockingExecutor a bounded pool for store calls that must leave an event loop
 */
public record ModeContext(
    Settings settings,
    Database database,
    SecretCipher secrets,
    RevocationBus revocations,
    AccessKeyDirectory accessKeys,
    Clock clock,
    ScheduledExecutorService scheduler,
    Executor blockingExecutor) {

  public String instanceId() {
    return settings.get("mqtt.instance-id");
  }
}
