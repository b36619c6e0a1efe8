package io.mqttbroker.auth.custom.permission;

import io.mqttbroker.auth.custom.Capacity;
import io.mqttbroker.auth.custom.CustomAuthException;
import io.mqttbroker.auth.custom.IdentityType;
import io.mqttbroker.auth.custom.PageQuery;
import io.mqttbroker.auth.custom.PageTokens;
import io.mqttbroker.auth.custom.ResultPage;
import io.mqttbroker.auth.custom.permission.CustomAuthPermission.PermissionKey;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.revocation.RevocationBus;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.StoreException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Add/Update/Query/DeleteCustomAuthPermission. Every committed change is applied to the in-memory
 * {@link PermissionIndex} before the live sessions of the identity are told to re-check, so the next PUBLISH or
 * SUBSCRIBE already sees it. Blocking (JDBC): call it from the admin worker pool.
 */
public final class PermissionService {
  public static final String NOT_FOUND = "CustomAuthPermissionNotFound";
  private static final Logger LOG = LoggerFactory.getLogger(PermissionService.class);

  private final Database database;
  private final Capacity capacity;
  private final RevocationBus revocations;
  private final PermissionIndex index;
  private final PermissionStore store = new PermissionStore();
  // Serialises "commit, then apply to the index" so that two writers of one key cannot leave the index holding the
  // older of two committed values. Admin writes are rare; checks never take this lock.
  private final ReentrantLock writes = new ReentrantLock();
  // Set while this service publishes its own announcement: bus listeners run on the publishing thread, so the
  // listener below can tell its own RECHECK (index already up to date) from one heard from another node.
  private final ThreadLocal<Boolean> announcing = new ThreadLocal<>();

  public PermissionService(Database database, Capacity capacity, RevocationBus revocations, PermissionIndex index) {
    this.database = database;
    this.capacity = capacity;
    this.revocations = revocations;
    this.index = index;
    // Subscribed while the mode is built, before the broker's enforcer: a change heard from another node is in the
    // index before the sessions it concerns are re-checked, as on the node that made it.
    revocations.subscribe(this::onRevocation);
  }

  /** Fills the index with every stored rule (at start, before any check). */
  public void loadIndex() {
    writes.lock();
    try {
      database.inTransaction(c -> {
        store.forEach(c, index::put);
        return null;
      });
    } finally {
      writes.unlock();
    }
    LOG.info("custom auth: {} permission rules loaded", index.size());
  }

  /** AddCustomAuthPermission: {@code InvalidParameter.Duplicate} when the key exists, over-capacity when full. */
  public CustomAuthPermission add(CustomAuthPermission permission) {
    writes.lock();
    try {
      database.inTransaction(c -> {
        store.insert(c, permission);
        capacity.reserve(c);
        return null;
      });
      index.put(permission);
    } catch (StoreException e) {
      if (e.isDuplicateKey()) {
        throw CustomAuthException.duplicate("permission " + permission.key() + " already exists");
      }
      throw e;
    } finally {
      writes.unlock();
    }
    announce(permission.key(), "custom auth permission added");
    return permission;
  }

  /** UpdateCustomAuthPermission: new action and effect for an existing key. */
  public CustomAuthPermission update(CustomAuthPermission permission) {
    writes.lock();
    try {
      if (!database.inTransaction(c -> store.update(c, permission))) {
        throw notFound(permission.key());
      }
      index.put(permission);
    } finally {
      writes.unlock();
    }
    announce(permission.key(), "custom auth permission changed");
    return permission;
  }

  /** DeleteCustomAuthPermission: frees its capacity. */
  public void delete(PermissionKey key) {
    writes.lock();
    try {
      boolean deleted = capacity.deleteAndRelease(database, c -> store.delete(c, key));
      if (!deleted) {
        throw notFound(key);
      }
      index.remove(key);
    } finally {
      writes.unlock();
    }
    announce(key, "custom auth permission deleted");
  }

  /** QueryCustomAuthPermission. */
  public ResultPage<CustomAuthPermission> query(PermissionFilter filter, PageQuery page) {
    Optional<PermissionKey> after = page.nextToken().map(PermissionService::decodeToken);
    record Rows(List<CustomAuthPermission> rows, long total) {}
    Rows result = database.inTransaction(c ->
        new Rows(store.page(c, filter, after, page.size() + 1), store.count(c, filter)));
    List<CustomAuthPermission> rows = result.rows();
    boolean more = rows.size() > page.size();
    List<CustomAuthPermission> shown = more ? rows.subList(0, page.size()) : rows;
    Optional<String> next = Optional.empty();
    if (more) {
      CustomAuthPermission last = shown.get(shown.size() - 1);
      next = Optional.of(PageTokens.encode(last.identity(), last.identityType().name(), last.topic()));
    }
    return new ResultPage<>(shown, next, result.total());
  }

  /**
   * Reloads the rules of one identity from the store into the index: how a change made on another node sharing the
   * store reaches this one. Blocking (JDBC).
   */
  public void reload(IdentityType type, String identity) {
    int rules;
    writes.lock();
    try {
      List<CustomAuthPermission> stored = database.inTransaction(c -> store.ofIdentity(c, type, identity));
      index.replace(type, identity, stored);
      rules = stored.size();
    } finally {
      writes.unlock();
    }
    LOG.info("custom auth: rules of {} {} reloaded after a change made elsewhere ({} rules)", type, identity, rules);
  }

  private void announce(PermissionKey key, String reason) {
    // Also for additions: a new DENY can take away what an existing subscription relied on.
    announcing.set(Boolean.TRUE);
    try {
      revocations.publish(Revocation.recheck(key.identityType().revocationKey(key.identity()), reason));
    } finally {
      announcing.remove();
    }
    LOG.info("{}: {}", reason, key);
  }

  /** A RECHECK of an identity's rules that this service did not announce itself: reload them. */
  private void onRevocation(Revocation revocation) {
    if (revocation.action() != Revocation.RevocationAction.RECHECK || announcing.get() != null) {
      return;
    }
    for (IdentityType type : IdentityType.values()) {
      String prefix = type.revocationKey("");
      if (revocation.key().startsWith(prefix)) {
        try {
          reload(type, revocation.key().substring(prefix.length()));
        } catch (RuntimeException e) {
          LOG.error("custom auth: the rules of {} {} could not be reloaded after a change made elsewhere; this node "
              + "applies its old rules to them until it restarts or they change again", type,
              revocation.key().substring(prefix.length()), e);
        }
        return;
      }
    }
  }

  private static PermissionKey decodeToken(String token) {
    List<String> parts = PageTokens.decode(token, 3);
    try {
      return new PermissionKey(IdentityType.valueOf(parts.get(1)), parts.get(0), parts.get(2));
    } catch (IllegalArgumentException e) {
      throw CustomAuthException.invalid("NextToken", "NextToken is not a token returned by this query");
    }
  }

  private static CustomAuthException notFound(PermissionKey key) {
    return CustomAuthException.notFound(NOT_FOUND, "permission " + key + " does not exist");
  }
}
