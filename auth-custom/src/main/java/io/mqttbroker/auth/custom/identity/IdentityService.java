package io.mqttbroker.auth.custom.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mqttbroker.auth.custom.Capacity;
import io.mqttbroker.auth.custom.CustomAuthException;
import io.mqttbroker.auth.custom.IdentityType;
import io.mqttbroker.auth.custom.PageQuery;
import io.mqttbroker.auth.custom.PageTokens;
import io.mqttbroker.auth.custom.ResultPage;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.revocation.RevocationBus;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.SecretCipher;
import io.mqttbroker.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Add/Update/Query/DeleteCustomAuthIdentity, and the identity lookup of CONNECT through a bounded cache. Blocking
 * (JDBC): call it from the admin worker pool or the auth executor, never from an event loop.
 */
public final class IdentityService {
  public static final String NOT_FOUND = "CustomAuthIdentityNotFound";
  private static final Logger LOG = LoggerFactory.getLogger(IdentityService.class);

  private final Database database;
  private final SecretCipher cipher;
  private final Capacity capacity;
  private final RevocationBus revocations;
  private final Clock clock;
  private final IdentityStore store = new IdentityStore();
  // Absent identities are cached too, so that unknown usernames do not reach the database at every CONNECT. Local
  // writes invalidate at once; the expiry bounds how long another node's change stays unseen (shared PostgreSQL).
  private final Cache<IdentityKey, Optional<StoredIdentity>> cache;
  private final ClientBoundUsernames clientBound;

  public IdentityService(Database database, SecretCipher cipher, Capacity capacity, RevocationBus revocations,
      Clock clock, long cacheSize, Duration cacheExpiry) {
    this.database = database;
    this.cipher = cipher;
    this.capacity = capacity;
    this.revocations = revocations;
    this.clock = clock;
    this.cache = Caffeine.newBuilder().maximumSize(cacheSize).expireAfterWrite(cacheExpiry).build();
    this.clientBound = new ClientBoundUsernames(database, store, clock, cacheExpiry);
    // Our own writes evict before they publish; this evicts on those of other nodes, when the bus relays them.
    revocations.subscribe(r -> IdentityKey.fromSessionKey(r.key()).ifPresent(this::heardOf));
  }

  /** AddCustomAuthIdentity: {@code InvalidParameter.Duplicate} when the key exists, over-capacity when full. */
  public CustomAuthIdentity add(IdentitySpec spec) {
    IdentityKey key = spec.key();
    String secret = spec.validSecret();
    long now = clock.millis();
    StoredIdentity row = new StoredIdentity(key, cipher.seal(secret), spec.signMode(), now, now);
    try {
      database.inTransaction(c -> {
        store.insert(c, row);
        capacity.reserve(c);
        return null;
      });
      if (key.type() == IdentityType.CLIENT) {
        clientBound.add(key.username());
      }
    } catch (StoreException e) {
      if (e.isDuplicateKey()) {
        throw CustomAuthException.duplicate("identity " + key + " already exists");
      }
      throw e;
    } finally {
      cache.invalidate(key);
    }
    // Nothing to close: announced so that other nodes drop a cached "no such identity" instead of waiting it out.
    revocations.publish(Revocation.recheck(key.sessionKey(), "custom auth identity added"));
    LOG.info("custom auth identity added: {}", key);
    return open(row, secret);
  }

  /** UpdateCustomAuthIdentity: new secret and sign mode; live sessions it let in are closed. */
  public CustomAuthIdentity update(IdentitySpec spec) {
    IdentityKey key = spec.key();
    String secret = spec.validSecret();
    long now = clock.millis();
    String sealed = cipher.seal(secret);
    Optional<StoredIdentity> updated = database.inTransaction(c -> {
      if (!store.update(c, key, sealed, spec.signMode(), now)) {
        return Optional.<StoredIdentity>empty();
      }
      return store.find(c, key);
    });
    StoredIdentity row = updated.orElseThrow(() -> notFound(key));
    cache.invalidate(key);
    revocations.publish(Revocation.close(key.sessionKey(), "custom auth identity changed"));
    LOG.info("custom auth identity updated: {}", key);
    return open(row, secret);
  }

  /** DeleteCustomAuthIdentity: frees its capacity; live sessions it let in are closed. */
  public void delete(IdentityKey key) {
    boolean deleted = capacity.deleteAndRelease(database, c -> store.delete(c, key));
    if (!deleted) {
      throw notFound(key);
    }
    cache.invalidate(key);
    revocations.publish(Revocation.close(key.sessionKey(), "custom auth identity deleted"));
    LOG.info("custom auth identity deleted: {}", key);
  }

  /** QueryCustomAuthIdentity, secrets in clear (the caller must be authorised for that). */
  public ResultPage<CustomAuthIdentity> query(IdentityFilter filter, PageQuery page) {
    Optional<IdentityKey> after = page.nextToken().map(IdentityService::decodeToken);
    record Rows(List<StoredIdentity> rows, long total) {}
    Rows result = database.inTransaction(c ->
        new Rows(store.page(c, filter, after, page.size() + 1), store.count(c, filter)));
    List<StoredIdentity> rows = result.rows();
    boolean more = rows.size() > page.size();
    List<StoredIdentity> shown = more ? rows.subList(0, page.size()) : rows;
    Optional<String> next = Optional.empty();
    if (more) {
      IdentityKey last = shown.get(shown.size() - 1).key();
      next = Optional.of(PageTokens.encode(last.username(), last.type().name(), last.clientId()));
    }
    return new ResultPage<>(shown.stream().map(r -> open(r, cipher.open(r.sealedSecret()))).toList(), next,
        result.total());
  }

  /**
   * The identity that judges a CONNECT of {@code username} with {@code clientId}: the CLIENT identity of the pair if
   * there is one, else the USER identity of the username. Read through the cache; a store outage propagates as
   * {@link io.mqttbroker.store.StoreUnavailableException} and is not cached.
   */
  public Optional<CustomAuthIdentity> findForConnect(String username, String clientId) {
    if (username.isEmpty() || username.length() > IdentityKey.MAX_USERNAME) {
      return Optional.empty();
    }
    Optional<StoredIdentity> found = Optional.empty();
    if (!clientId.isEmpty() && clientId.length() <= IdentityKey.MAX_CLIENT_ID && clientBound.mayHave(username)) {
      found = cached(IdentityKey.client(username, clientId));
    }
    if (found.isEmpty()) {
      found = cached(IdentityKey.user(username));
    }
    return found.map(row -> open(row, cipher.open(row.sealedSecret())));
  }

  /** {@code key} changed (on any node): read it again; a CLIENT identity makes its username's pairs worth a look. */
  private void heardOf(IdentityKey key) {
    cache.invalidate(key);
    if (key.type() == IdentityType.CLIENT) {
      clientBound.add(key.username());
    }
  }

  private Optional<StoredIdentity> cached(IdentityKey key) {
    return cache.get(key, k -> database.inTransaction(c -> store.find(c, k)));
  }

  private static IdentityKey decodeToken(String token) {
    List<String> parts = PageTokens.decode(token, 3);
    try {
      return new IdentityKey(IdentityType.valueOf(parts.get(1)), parts.get(0), parts.get(2));
    } catch (IllegalArgumentException e) {
      throw CustomAuthException.invalid("NextToken", "NextToken is not a token returned by this query");
    }
  }

  private static CustomAuthException notFound(IdentityKey key) {
    return CustomAuthException.notFound(NOT_FOUND, "identity " + key + " does not exist");
  }

  private static CustomAuthIdentity open(StoredIdentity row, String secret) {
    IdentityKey key = row.key();
    Optional<String> clientId = key.type() == IdentityType.CLIENT ? Optional.of(key.clientId()) : Optional.empty();
    return new CustomAuthIdentity(key.username(), key.type(), clientId, secret, row.signMode(), row.createTime(),
        row.updateTime());
  }
}
