package io.mqttbroker.auth.token;

import io.mqttbroker.core.security.revocation.InMemoryRevocationBus;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A token service on a real embedded database in a temporary directory, with a movable clock. */
final class TokenFixture {
  static final String INSTANCE = "mqtt-local";
  static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  final Database database;
  final MovableClock clock = new MovableClock(START);
  final FakeAccessKeys accessKeys = new FakeAccessKeys().add("AK1", false).add("AK2", false).add("OWNER", true);
  final InMemoryRevocationBus bus = new InMemoryRevocationBus();
  final List<Revocation> revocations = new CopyOnWriteArrayList<>();
  final SwitchableTokenStore store;
  final TokenSettings settings = TokenSettings.defaults();
  final TokenService service;

  /**
   * A fresh service (new cache, clock at {@link #START}, no revocations seen) over {@code database}, emptied first. One
   * database per test class keeps the tests fast; see {@link #openDatabase}.
   */
  TokenFixture(Database database) {
    this.database = database;
    database.inTransaction(c -> c.createStatement().executeUpdate("DELETE FROM auth_token"));
    bus.subscribe(revocations::add);
    store = new SwitchableTokenStore(new JdbcTokenStore(database));
    service = new TokenService(store, accessKeys, bus, clock, settings, INSTANCE);
  }

  /** A real embedded database in {@code dir} with the token tables. */
  static Database openDatabase(Path dir) {
    Database database = Database.open(StoreSettings.embedded(dir));
    database.migrate("auth-token");
    return database;
  }

  /** A service of another instance sharing the same database (as two deployments on one PostgreSQL would). */
  TokenService serviceOfInstance(String instanceId) {
    return new TokenService(new JdbcTokenStore(database), accessKeys, bus, clock, settings, instanceId);
  }

  long inMinutes(long minutes) {
    return clock.millis() + Duration.ofMinutes(minutes).toMillis();
  }

  /** A token of {@code actions} for {@code resources} by {@code issuer}, valid for an hour. */
  String apply(String issuer, String actions, String... resources) {
    return service.apply(issuer, List.of(resources), actions, inMinutes(60)).token();
  }

  int rowCount() {
    return database.inTransaction(c -> {
      try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM auth_token")) {
        rs.next();
        return rs.getInt(1);
      }
    });
  }
}
