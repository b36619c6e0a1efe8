package io.mqttbroker.auth.signature;

import io.mqttbroker.core.security.revocation.InMemoryRevocationBus;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.SecretCipher;
import io.mqttbroker.store.StoreSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real embedded store in a temporary directory, a real revocation bus that records what it carries. */
public final class StoreFixture implements AutoCloseable {
  public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
  private static final SecretCipher CIPHER =
      SecretCipher.fromBase64Key("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

  private final Path dir;
  private final InMemoryRevocationBus bus = new InMemoryRevocationBus();
  private final List<Revocation> published = new CopyOnWriteArrayList<>();
  private Database database;
  private AccessKeyService service;

  public StoreFixture(Path dir) {
    this.dir = dir;
    bus.subscribe(published::add);
    open();
  }

  private void open() {
    database = Database.open(StoreSettings.embedded(dir));
    service = newService();
  }

  /** A second service over the same store: its cache starts cold. */
  public AccessKeyService newService() {
    return AccessKeyService.open(database, CIPHER, bus, CLOCK);
  }

  /** Closes the database and opens it again from its files, with a new service. */
  public void reopen() {
    database.close();
    open();
  }

  public AccessKeyService service() {
    return service;
  }

  public Database database() {
    return database;
  }

  public InMemoryRevocationBus bus() {
    return bus;
  }

  /** Everything published on the bus so far. */
  public List<Revocation> published() {
    return List.copyOf(published);
  }

  @Override
  public void close() {
    database.close();
  }
}
