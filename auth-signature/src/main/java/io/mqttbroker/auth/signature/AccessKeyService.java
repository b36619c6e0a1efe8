package io.mqttbroker.auth.signature;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.revocation.RevocationBus;
import io.mqttbroker.core.security.spi.Signatures;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.SecretCipher;
import io.mqttbroker.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access keys: admin operations (create, list, get, set policies, delete), credential checks for the admin API
 * ({@link #verify}) and lookups for the MQTT side ({@link #find}, {@link #findAsync}).
 *
 * <p>Reads go through a bounded Caffeine cache that holds only keys that exist (never a failure, never an absence);
 * every write evicts the key before it is announced. Entries also expire after a minute, which bounds how long a
 * change made by another node of a shared PostgreSQL store goes unseen when no revocation reaches this node. Announcements: new policies publish
 * {@code Revocation.recheck("accessKey:<id>")}, a deletion {@code Revocation.close("accessKey:<id>")} - every live
 * session authenticated with the key (signature mode, and token mode's sessions of tokens it issued) carries that
 * revocation key.
 *
 * <p>Thread-safe. Every method may block on the store; {@link io.mqttbroker.store.StoreUnavailableException} when it
 * is down.
 */
public final class AccessKeyService implements AccessKeyDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(AccessKeyService.class);

  /** The migrations of this module: {@code classpath:db/auth-signature}. */
  public static final String MIGRATIONS = "auth-signature";
  /** The prefix of the revocation keys of access keys: {@code accessKey:<id>}. */
  public static final String REVOCATION_PREFIX = "accessKey:";
  /** Longest description. */
  public static final int MAX_DESCRIPTION = 256;

  private static final Duration CACHE_TTL = Duration.ofSeconds(60);
  private static final int CACHE_SIZE = 10_000;
  private static final String ID_PREFIX = "AK";
  private static final int ID_RANDOM_CHARS = 20;
  private static final char[] ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
  // 30 bytes = 240 bits, 40 characters of base64url: URL-safe and never a '|'.
  private static final int SECRET_BYTES = 30;
  private static final Pattern CONFIGURED_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final int MAX_CONFIGURED_SECRET = 256;
  private static final int WEAK_SECRET = 16;

  private final AccessKeyStore store;
  private final RevocationBus revocations;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final LoadingCache<String, AccessKey> cache;

  private AccessKeyService(AccessKeyStore store, RevocationBus revocations, Clock clock) {
    this.store = store;
    this.revocations = revocations;
    this.clock = clock;
    // The loader answers null for an unknown id, which Caffeine does not cache.
    this.cache = Caffeine.newBuilder()
        .maximumSize(CACHE_SIZE)
        .expireAfterWrite(CACHE_TTL)
        .build(id -> store.find(id).orElse(null));
    // Our own writes evict before they publish; this also evicts on revocations announced by other nodes when the
    // bus spans several brokers.
    revocations.subscribe(r -> {
      if (r.key().startsWith(REVOCATION_PREFIX)) {
        cache.invalidate(r.key().substring(REVOCATION_PREFIX.length()));
      }
    });
  }

  /** Migrates the store's tables ({@link #MIGRATIONS}) and returns the service. */
  public static AccessKeyService open(
      Database database, SecretCipher secrets, RevocationBus revocations, Clock clock) {
    database.migrate(MIGRATIONS);
    return new AccessKeyService(new AccessKeyStore(database, secrets), revocations, clock);
  }

  @Override
  public Optional<AccessKey> find(String accessKeyId) {
    return Optional.ofNullable(cache.get(accessKeyId));
  }

  @Override
  public CompletionStage<Optional<AccessKey>> findAsync(String accessKeyId, Executor blockingExecutor) {
    AccessKey cached = cache.getIfPresent(accessKeyId);
    if (cached != null) {
      return CompletableFuture.completedFuture(Optional.of(cached));
    }
    return CompletableFuture.supplyAsync(() -> find(accessKeyId), blockingExecutor);
  }

  /** Creates a non-owner key with a fresh id and secret; the only answer that ever carries the secret. */
  public AccessKey create(String description, List<PolicyStatement> policies) {
    String checkedDescription = checkDescription(description);
    List<PolicyStatement> checked = Policies.validate(policies);
    for (int attempt = 1; ; attempt++) {
      AccessKey key = new AccessKey(newId(), newSecret(), checkedDescription, false, checked, clock.millis());
      try {
        store.insert(key);
        cache.invalidate(key.accessKeyId());
        return key;
      } catch (StoreException e) {
        // 20 random characters make a clash all but impossible; retry a little rather than fail on one.
        if (!e.isDuplicateKey() || attempt == 3) {
          throw e;
        }
      }
    }
  }

  /**
   * A page of keys in id order, without secrets.
   *
   * @param size 1..100
   * @param nextToken the token of the previous page, or empty for the first
   * @throws AccessKeyException {@code InvalidParameter.NextToken} for a token this service did not make
   */
  public AccessKeyPage list(int size, Optional<String> nextToken) {
    if (size < 1 || size > 100) {
      throw new IllegalArgumentException("page size must be 1..100, got " + size);
    }
    return store.page(size, nextToken);
  }

  /** The key, or {@code AccessKeyNotFound}. */
  public AccessKey get(String accessKeyId) {
    return find(accessKeyId).orElseThrow(() -> AccessKeyException.notFound(accessKeyId));
  }

  /**
   * Replaces the key's statements and has its live sessions re-checked. The owner key has no policies (it may do
   * everything): {@code OwnerKeyProtected}.
   */
  public AccessKey setPolicies(String accessKeyId, List<PolicyStatement> policies) {
    List<PolicyStatement> checked = Policies.validate(policies);
    failUnlessDone(store.replacePolicies(accessKeyId, checked, clock.millis()), accessKeyId,
        "the owner access key may do everything; it has no policies to set");
    cache.invalidate(accessKeyId);
    revocations.publish(Revocation.recheck(REVOCATION_PREFIX + accessKeyId, "access key policies changed"));
    return get(accessKeyId);
  }

  /** Deletes the key and closes its live sessions. The owner key cannot be deleted: {@code OwnerKeyProtected}. */
  public void delete(String accessKeyId) {
    failUnlessDone(store.delete(accessKeyId, false), accessKeyId,
        "the owner access key cannot be deleted; configure another owner (MQTT_ADMIN_ACCESS_KEY_ID and "
            + "MQTT_ADMIN_ACCESS_KEY_SECRET) to replace it");
    evictAndClose(accessKeyId, "access key deleted");
  }

  /** The key when {@code accessKeySecret} is its secret; compared in constant time. */
  public Optional<AccessKey> verify(String accessKeyId, String accessKeySecret) {
    Optional<AccessKey> key = find(accessKeyId);
    // Compare even for an unknown id so that both answers take the same work.
    String expected = key.map(AccessKey::accessKeySecret).orElse("unknown-access-key");
    boolean matches = Signatures.constantTimeEquals(expected, accessKeySecret.getBytes(StandardCharsets.UTF_8));
    return matches ? key : Optional.empty();
  }

  /**
   * Makes sure the owner key exists, at every start. With an id and a secret configured, that key is the owner: it is
   * created if missing, its secret is replaced by the configured one if they differ, and any other owner key is
   * removed (there is one owner, the configured one). With neither configured, an existing owner is kept; only when
   * there is none is one generated, and its id and secret are logged once at WARN - the only time a secret is logged.
   *
   * @throws IllegalArgumentException when only one of the two is configured, or the id or secret is unusable
   * @throws IllegalStateException when the configured id belongs to a non-owner key
   */
  public AccessKey bootstrapOwner(String configuredId, String configuredSecret) {
    String id = configuredId.trim();
    String secret = configuredSecret.trim();
    if (id.isEmpty() != secret.isEmpty()) {
      throw new IllegalArgumentException("set both mqtt.admin-access-key-id (MQTT_ADMIN_ACCESS_KEY_ID) and "
          + "mqtt.admin-access-key-secret (MQTT_ADMIN_ACCESS_KEY_SECRET), or neither to have an owner key generated");
    }
    if (id.isEmpty()) {
      List<String> owners = store.ownerIds();
      return owners.isEmpty() ? generateOwner() : get(owners.get(0));
    }
    checkConfigured(id, secret);
    Optional<AccessKey> existing = store.find(id);
    if (existing.isEmpty()) {
      store.insert(new AccessKey(id, secret, "owner (from configuration)", true, List.of(), clock.millis()));
      LOG.info("owner access key {} created from configuration", id);
    } else if (!existing.get().owner()) {
      throw new IllegalStateException("the configured owner access key id " + id + " belongs to an access key that"
          + " is not the owner; configure another id or delete that key");
    } else if (!existing.get().accessKeySecret().equals(secret)) {
      store.replaceSecret(id, secret, clock.millis());
      evictAndClose(id, "owner access key secret replaced");
      LOG.info("owner access key {}: secret replaced by the configured one", id);
    }
    for (String previous : store.ownerIds()) {
      if (!previous.equals(id)) {
        store.delete(previous, true);
        evictAndClose(previous, "owner access key replaced by configuration");
        LOG.warn("previous owner access key {} removed: the configuration names {} as the owner", previous, id);
      }
    }
    cache.invalidate(id);
    return get(id);
  }

  private AccessKey generateOwner() {
    AccessKey owner = new AccessKey(newId(), newSecret(), "owner (generated at first start)", true, List.of(),
        clock.millis());
    store.insert(owner);
    LOG.warn("==== OWNER ACCESS KEY GENERATED - shown only this once, store it now ==== accessKeyId={} "
        + "accessKeySecret={} (configure MQTT_ADMIN_ACCESS_KEY_ID and MQTT_ADMIN_ACCESS_KEY_SECRET to choose your own)",
        owner.accessKeyId(), owner.accessKeySecret());
    return owner;
  }

  private static void checkConfigured(String id, String secret) {
    if (!CONFIGURED_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("mqtt.admin-access-key-id (MQTT_ADMIN_ACCESS_KEY_ID) must be 1 to 64 "
          + "characters of A-Z a-z 0-9 _ . -");
    }
    if (secret.length() > MAX_CONFIGURED_SECRET || secret.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("mqtt.admin-access-key-secret (MQTT_ADMIN_ACCESS_KEY_SECRET) must be at "
          + "most " + MAX_CONFIGURED_SECRET + " characters without control characters");
    }
    if (secret.length() < WEAK_SECRET) {
      LOG.warn("the configured owner access key secret is shorter than {} characters: anyone who guesses it "
          + "manages every credential of this broker", WEAK_SECRET);
    }
  }

  private static void failUnlessDone(AccessKeyStore.Outcome outcome, String accessKeyId, String ownerMessage) {
    if (outcome == AccessKeyStore.Outcome.NOT_FOUND) {
      throw AccessKeyException.notFound(accessKeyId);
    }
    if (outcome == AccessKeyStore.Outcome.OWNER) {
      throw new AccessKeyException(AccessKeyException.OWNER_KEY_PROTECTED, ownerMessage);
    }
  }

  private void evictAndClose(String accessKeyId, String reason) {
    cache.invalidate(accessKeyId);
    revocations.publish(Revocation.close(REVOCATION_PREFIX + accessKeyId, reason));
  }

  private static String checkDescription(String description) {
    if (description.length() > MAX_DESCRIPTION) {
      throw new AccessKeyException(AccessKeyException.INVALID_DESCRIPTION,
          "description is longer than " + MAX_DESCRIPTION + " characters");
    }
    return description;
  }

  private String newId() {
    char[] id = new char[ID_RANDOM_CHARS];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_ALPHABET[random.nextInt(ID_ALPHABET.length)];
    }
    return ID_PREFIX + new String(id);
  }

  private String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
