package io.mqttbroker.auth.custom;

import io.mqttbroker.core.security.revocation.InMemoryRevocationBus;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.SecretCipher;
import io.mqttbroker.store.StoreSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A custom-auth module over a real embedded H2 database in a temporary directory, with a recording revocation bus. */
final class CustomAuthFixture implements AutoCloseable {
  static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  final Path dir;
  final Database database;
  final SecretCipher secrets;
  final InMemoryRevocationBus bus = new InMemoryRevocationBus();
  final List<Revocation> revocations = new CopyOnWriteArrayList<>();
  final MutableClock clock = new MutableClock(NOW);
  final CustomAuth auth;

  CustomAuthFixture(Path dir, long capacity) {
    this.dir = dir;
    this.database = Database.open(StoreSettings.embedded(dir));
    this.secrets = SecretCipher.fromKeyFile(dir.resolve("store.key"));
    bus.subscribe(revocations::add);
    this.auth = CustomAuth.start(database, secrets, bus, clock, capacity);
  }

  CustomAuthFixture(Path dir) {
    this(dir, 10_000);
  }

  /** The same data directory opened again, as after a broker restart. */
  CustomAuthFixture restart(long capacity) {
    close();
    return new CustomAuthFixture(dir, capacity);
  }

  @Override
  public void close() {
    database.close();
  }
}
