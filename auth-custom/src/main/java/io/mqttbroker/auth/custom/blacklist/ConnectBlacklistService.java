package io.mqttbroker.auth.custom.blacklist;

import io.mqttbroker.auth.custom.Capacity;
import io.mqttbroker.auth.custom.CustomAuthException;
import io.mqttbroker.auth.custom.PageQuery;
import io.mqttbroker.auth.custom.PageTokens;
import io.mqttbroker.auth.custom.Params;
import io.mqttbroker.auth.custom.ResultPage;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.revocation.Revocation.RevocationAction;
import io.mqttbroker.core.security.revocation.RevocationBus;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.StoreException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Add/Delete/QueryCustomAuthConnectBlack, and the blacklist check of CONNECT. The admin operations block (JDBC): call
 * them from the admin worker pool. The check does not: every blacklisted client id is held in memory (the list is
 * bounded by the mode's capacity), loaded at start, changed at once by this node's writes and by the other nodes'
 * announcements ({@code clientId:} CLOSE when added, RECHECK when removed), so a CONNECT costs no store read.
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
  private final Set<String> listed = ConcurrentHashMap.newKeySet();

  public ConnectBlacklistService(Database database, Capacity capacity, RevocationBus revocations, Clock clock) {
    this.database = database;
    this.capacity = capacity;
    this.revocations = revocations;
    this.clock = clock;
    // Only this service announces clientId: keys: CLOSE when it adds one, RECHECK when it removes one. Our own writes
    // have updated the set before they publish; this applies those of other nodes when the bus relays them.
    revocations.subscribe(r -> {
      if (r.key().startsWith(REVOCATION_PREFIX)) {
        String id = r.key().substring(REVOCATION_PREFIX.length());
        if (r.action() == RevocationAction.CLOSE) {
          listed.add(id);
        } else {
          listed.remove(id);
        }
      }
    });
  }

  /** Reads every blacklisted client id into memory; call it once at start, before the first CONNECT. */
  public void load() {
    listed.addAll(database.inTransaction(store::allClientIds));
    LOG.info("custom auth: {} blacklisted client ids loaded", listed.size());
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
    listed.add(id);
    revocations.publish(Revocation.close(REVOCATION_PREFIX + id, "client id blacklisted"));
    LOG.info("custom auth: client id {} blacklisted", id);
    return entry;
  }

  /** DeleteCustomAuthConnectBlack: frees its capacity; the client may connect again. */
  public void delete(String clientId) {
    String id = Params.text(clientId, "ClientId", MAX_CLIENT_ID);
    boolean deleted = capacity.deleteAndRelease(database, c -> store.delete(c, id));
    if (!deleted) {
      throw CustomAuthException.notFound(NOT_FOUND, "client id " + id + " is not blacklisted");
    }
    listed.remove(id);
    // Nothing to close: announced so that other nodes let the client id in again.
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

  /** Whether {@code clientId} may not connect; from memory. */
  public boolean isBlacklisted(String clientId) {
    return listed.contains(clientId);
  }
}
