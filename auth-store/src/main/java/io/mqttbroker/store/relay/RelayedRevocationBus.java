package io.mqttbroker.store.relay;

import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.revocation.RevocationBus;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.StoreSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RevocationBus} that spans every broker node sharing one PostgreSQL credential store. {@link #publish}
 * announces on the local bus first (this node's sessions and caches act at once, as before) and then sends the
 * revocation to the other nodes with {@code NOTIFY}; a revocation received from another node is published on the
 * local bus only - never sent again - and this node's own, which PostgreSQL also delivers back, is ignored.
 *
 * <p>Each bus has a random origin id, so two nodes in one process (tests) still tell each other apart. Subscribers are
 * the local bus's: on this node, a received revocation reaches them on the relay's listening thread (one thread, in
 * the order the other nodes committed them), a local one on the publishing thread.
 *
 * <p>A node whose listening connection is down hears what was sent meanwhile when it listens again, from the relay
 * log kept in the store (one day of it); each revocation is handed on once. What a node misses is only what was sent
 * while its own sending failed for {@link PostgresChannel#SEND_DEADLINE} (it logs that), or longer ago than the log
 * keeps.
 */
public final class RelayedRevocationBus implements RevocationBus, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RelayedRevocationBus.class);

  private final RevocationBus local;
  private final String origin = UUID.randomUUID().toString();
  private final PostgresChannel channel;

  private RelayedRevocationBus(RevocationBus local, Database database, StoreSettings settings) {
    this.local = local;
    this.channel = new PostgresChannel(database, settings, this::receive);
  }

  /** Whether {@code settings} name a store this relay can run on (PostgreSQL). */
  public static boolean supports(StoreSettings settings) {
    return !settings.isEmbedded() && settings.jdbcUrl().startsWith("jdbc:postgresql:");
  }

  /** The migrations of the relay log ({@code classpath:db/auth-store-relay}). */
  static final String MIGRATIONS = "auth-store-relay";

  /**
   * Starts relaying over the PostgreSQL store of {@code settings}: migrates the relay log, then its pool
   * ({@code database}) sends and a connection of its own listens. Returns once migrated; see {@link #awaitListening}.
   *
   * @throws io.mqttbroker.store.StoreUnavailableException when the store cannot be migrated
   */
  public static RelayedRevocationBus start(RevocationBus local, Database database, StoreSettings settings) {
    if (!supports(settings)) {
      throw new IllegalArgumentException("the revocation relay needs a PostgreSQL store, not " + settings);
    }
    database.migrate(MIGRATIONS);
    RelayedRevocationBus bus = new RelayedRevocationBus(local, database, settings);
    bus.channel.start();
    return bus;
  }

  @Override
  public void publish(Revocation revocation) {
    local.publish(revocation);
    RevocationCodec.encode(origin, revocation).ifPresent(channel::send);
  }

  @Override
  public void subscribe(Consumer<Revocation> listener) {
    local.subscribe(listener);
  }

  /** Waits until this node hears the other nodes, at most {@code timeout}; returns whether it does. */
  public boolean awaitListening(Duration timeout) throws InterruptedException {
    return channel.awaitListening(timeout);
  }

  /** Whether this node hears the other nodes now. */
  public boolean isListening() {
    return channel.isListening();
  }

  private void receive(String payload) {
    Optional<RevocationCodec.Relayed> relayed = RevocationCodec.decode(payload);
    if (relayed.isEmpty()) {
      LOG.warn("revocation relay: ignored a notification this version cannot read ({} characters)", payload.length());
      return;
    }
    if (relayed.get().origin().equals(origin)) {
      return;
    }
    Revocation revocation = relayed.get().revocation();
    LOG.debug("revocation relay: {} {} from another node", revocation.action(), revocation.key());
    local.publish(revocation);
  }

  /** Stops relaying (the local bus goes on working). Call it before the {@link Database} closes. */
  @Override
  public void close() {
    channel.close();
  }
}
