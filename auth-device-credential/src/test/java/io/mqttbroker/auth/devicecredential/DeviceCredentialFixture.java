package io.mqttbroker.auth.devicecredential;

import io.mqttbroker.core.security.revocation.InMemoryRevocationBus;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.SecretCipher;
import io.mqttbroker.store.StoreSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The real parts of the mode over an embedded database in a test's temporary directory. */
final class DeviceCredentialFixture implements AutoCloseable {
  static final String INSTANCE = "mqtt-test";

  final Path dir;
  final Database database;
  final SecretCipher cipher;
  final InMemoryRevocationBus bus = new InMemoryRevocationBus();
  final List<Revocation> published = new CopyOnWriteArrayList<>();
  final MovableClock clock = new MovableClock(1_700_000_000_000L);
  final DeviceKeyCache cache;
  final DeviceCredentialService service;
  final DeviceCredentialAuthenticator authenticator;

  DeviceCredentialFixture(Path dir, long quota) {
    this(dir, new DeviceCredentialSettings(INSTANCE, quota, 128, false));
  }

  DeviceCredentialFixture(Path dir, DeviceCredentialSettings settings) {
    this.dir = dir;
    this.database = Database.open(StoreSettings.embedded(dir));
    this.cipher = SecretCipher.fromKeyFile(dir.resolve("store.key"));
    DeviceCredentialStore store = new DeviceCredentialStore(database);
    store.migrate();
    this.cache = new DeviceKeyCache(store, cipher, 100_000, Duration.ofMinutes(10));
    bus.subscribe(published::add);
    this.service = new DeviceCredentialService(store, cache, cipher, bus, settings, clock);
    this.authenticator = new DeviceCredentialAuthenticator(cache, settings.instanceId());
  }

  @Override
  public void close() {
    database.close();
  }

  /** A clock the test moves by hand. */
  static final class MovableClock extends Clock {
    private volatile long millis;

    MovableClock(long millis) {
      this.millis = millis;
    }

    void advance(Duration d) {
      millis += d.toMillis();
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
      return millis;
    }
  }
}
