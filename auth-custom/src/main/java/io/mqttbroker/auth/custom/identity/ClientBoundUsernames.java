package io.mqttbroker.auth.custom.identity;

import io.mqttbroker.store.Database;
import io.mqttbroker.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usernames that have at least one CLIENT identity, so that a CONNECT looks up its (username, client id) pair only
 * for those: a fleet sharing one USER identity then costs no store read, and no cached "absent" entry, per new client
 * id. A superset is harmless (the pair is looked up as before), so deletions leave it alone. It grows with this node's
 * adds and other nodes' add announcements, and is read again from the store once older than {@code maxAge} (the
 * identity cache's expiry), which bounds what a missed announcement costs as that expiry bounds a cached refusal.
 * Blocking on a reload: call it where the identity cache may be called.
 */
final class ClientBoundUsernames {
  private static final Logger LOG = LoggerFactory.getLogger(ClientBoundUsernames.class);

  private final Database database;
  private final IdentityStore store;
  private final Clock clock;
  private final long maxAgeMillis;
  // Held by a reload and by add, so that an add made while a reload reads the store lands in the set that replaces it.
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Set<String> names = ConcurrentHashMap.newKeySet();
  private volatile boolean loaded;
  private volatile long loadedAt;

  ClientBoundUsernames(Database database, IdentityStore store, Clock clock, Duration maxAge) {
    this.database = database;
    this.store = store;
    this.clock = clock;
    this.maxAgeMillis = maxAge.toMillis();
  }

  /** Whether {@code username} may have CLIENT identities. */
  boolean mayHave(String username) {
    if (stale()) {
      reload();
    }
    return names.contains(username);
  }

  /** A CLIENT identity of {@code username} now exists (added here, or announced by another node). */
  void add(String username) {
    lock.lock();
    try {
      names.add(username);
    } finally {
      lock.unlock();
    }
  }

  private void reload() {
    if (loaded) {
      if (!lock.tryLock()) {
        return; // another thread is reading the store; the current set answers meanwhile
      }
    } else {
      lock.lock();
    }
    try {
      if (!stale()) {
        return;
      }
      Set<String> fresh = ConcurrentHashMap.newKeySet();
      try {
        fresh.addAll(database.inTransaction(store::clientBoundUsernames));
      } catch (StoreUnavailableException e) {
        if (!loaded) {
          throw e; // nothing to answer from: the CONNECT fails as a store outage
        }
        LOG.warn("custom auth: usernames with client identities not re-read ({}); the last set stays for {} s",
            e.getMessage(), maxAgeMillis / 1000);
        loadedAt = clock.millis();
        return;
      }
      names = fresh;
      loadedAt = clock.millis();
      loaded = true;
    } finally {
      lock.unlock();
    }
  }

  private boolean stale() {
    return !loaded || clock.millis() - loadedAt > maxAgeMillis;
  }
}
