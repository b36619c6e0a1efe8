package io.mqttbroker.auth.custom.blacklist;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mqttbroker.auth.custom.Capacity;
import io.mqttbroker.auth.custom.CustomAuthException;
import io.mqttbroker.auth.custom.PageQuery;
import io.mqttbroker.auth.custom.PageTokens;
import io.mqttbroker.auth.custom.Params;
import io.mqttbroker.auth.custom.ResultPage;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.revocation.RevocationBus;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Add/Delete/QueryCustomAuthConnectBlack, and the blacklist check of CONNECT through a bounded cache. Blocking (JDBC):
 * call it from the admin worker pool or the auth executor.
 */
public final class ConnectBlacklistService {
  public static final String NOT_FOUND = "CustomAuthConnectBlackNotFound";
  public static final int MAX_CLIENT_ID = 128;
  private static final String REVOCATION_PREFIX = "clientId:";
  private static final Logger LOG = LoggerFactory.getLogger(ConnectBlacklistService.class);

  private final Database database;
  private final Capacity capacity;
  private final RevocationBus revocations;
  private final Clock clock;
  private final ConnectBlacklistStore store = new ConnectBlacklistStore();
  // Caches "not blacklisted" as well, so that a CONNECT costs no query; local writes invalidate at once.
  private final Cache<String, Boolean> cache;

  public ConnectBlacklistService(Database database, Capacity capacity, RevocationBus revocations, Clock clock,
      long cacheSize, Duration cacheExpiry) {
    this.database = database;
    this.capacity = capacity;
    this.revocations = revocations;
    this.clock = clock;
    this.cache = Caffeine.newBuilder().maximumSize(cacheSize).expireAfterWrite(cacheExpiry).build();
    // Our own additions evict before they publish; this evicts on those of other nodes, when the bus relays them.
    revocations.subscribe(r -> {
      if (r.key().startsWith(REVOCATION_PREFIX)) {
        cache.invalidate(r.key().substring(REVOCATION_PREFIX.length()));
      }
    });
  }

  /** AddCustomAuthConnectBlack: the client id's live connection is closed at once. */
  public ConnectBlackEntry add(String clientId) {
    String id = Params.text(clientId, "ClientId", MAX_CLIENT_ID);
    ConnectBlackEntry entry = new ConnectBlackEntry(id, clock.millis());
    try {
      database.inTransaction(c -> {
        store.insert(c, entry);
        capacity.reserve(c);
        return null;
      });
    } catch (StoreException e) {
      if (e.isDuplicateKey()) {
        throw CustomAuthException.duplicate("client id " + id + " is already blacklisted");
      }
      throw e;
    }
    cache.invalidate(id);
    revocations.publish(Revocation.close(REVOCATION_PREFIX + id, "client id blacklisted"));
    LOG.info("custom auth: client id {} blacklisted", id);
    return entry;
  }

  /** DeleteCustomAuthConnectBlack: frees its capacity; the client may connect again. */
  public void delete(String clientId) {
    String id = Params.text(clientId, "ClientId", MAX_CLIENT_ID);
    boolean deleted = capacity.deleteAndRelease(database, c -> store.delete(c, id));
    cache.invalidate(id);
    if (!deleted) {
      throw CustomAuthException.notFound(NOT_FOUND, "client id " + id + " is not blacklisted");
    }
    // Nothing to close: announced so that other nodes drop their cached "blacklisted" instead of waiting it out.
    revocations.publish(Revocation.recheck(REVOCATION_PREFIX + id, "client id removed from the blacklist"));
    LOG.info("custom auth: client id {} removed from the blacklist", id);
  }

  /** QueryCustomAuthConnectBlack, optionally for one client id. */
  public ResultPage<ConnectBlackEntry> query(Optional<String> clientId, PageQuery page) {
    Optional<String> after = page.nextToken().map(t -> PageTokens.decode(t, 1).get(0));
    record Rows(List<ConnectBlackEntry> rows, long total) {}
    Rows result = database.inTransaction(c ->
        new Rows(store.page(c, clientId, after, page.size() + 1), store.count(c, clientId)));
    List<ConnectBlackEntry> rows = result.rows();
    boolean more = rows.size() > page.size();
    List<ConnectBlackEntry> shown = more ? rows.subList(0, page.size()) : rows;
    Optional<String> next = more ? Optional.of(PageTokens.encode(shown.get(shown.size() - 1).clientId()))
        : Optional.empty();
    return new ResultPage<>(shown, next, result.total());
  }

  /**
   * Whether {@code clientId} may not connect; read through the cache. A store outage propagates as
   * {@link io.mqttbroker.store.StoreUnavailableException} and is not cached.
   */
  public boolean isBlacklisted(String clientId) {
    if (clientId.isEmpty() || clientId.length() > MAX_CLIENT_ID) {
      return false;
    }
    return cache.get(clientId, id -> database.inTransaction(c -> store.contains(c, id)));
  }
}
