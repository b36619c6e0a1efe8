package io.mqttbroker.auth.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mqttbroker.auth.signature.AccessKeyDirectory;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.revocation.Revocation.RevocationAction;
import io.mqttbroker.core.security.revocation.Revocation.SystemMessage;
import io.mqttbroker.core.security.revocation.RevocationBus;
import io.mqttbroker.core.security.spi.Signatures;
import io.mqttbroker.core.topic.Topics;
import io.mqttbroker.store.StoreException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations of token mode (AUTH-SPEC section 3): ApplyToken, QueryToken, RevokeToken, and the check that CONNECT
 * and {@code $SYS/uploadToken} make. Methods may block on the store (call them off the event loops) and throw
 * {@code StoreUnavailableException} when it is down.
 *
 * <p>Who may do what: any access key may apply for tokens (it becomes their issuer) and query any token (whoever holds
 * a token can use it anyway, so its status is no secret to them); only the issuing key or the owner key may revoke.
 */
public final class TokenService {
  public static final int MAX_RESOURCES = 100;
  static final String REVOCATION_PREFIX = "token:";
  private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);
  /** 192 random bits: well above the 128 the spec asks for, 32 characters in URL-safe Base64. */
  private static final int TOKEN_BYTES = 24;
  /** Longer strings cannot be one of our tokens: refuse them without hashing or a store lookup. */
  private static final int MAX_TOKEN_LENGTH = 512;

  private final TokenStore store;
  private final AccessKeyDirectory accessKeys;
  private final RevocationBus revocations;
  private final Clock clock;
  private final TokenSettings settings;
  private final String instanceId;
  private final SecureRandom random = new SecureRandom();
  private final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
  /** Records by token hash. Misses and store failures are not cached (a loader that returns null stores nothing). */
  private final Cache<String, TokenRecord> cache;

  public TokenService(TokenStore store, AccessKeyDirectory accessKeys, RevocationBus revocations, Clock clock,
      TokenSettings settings, String instanceId) {
    this.store = store;
    this.accessKeys = accessKeys;
    this.revocations = revocations;
    this.clock = clock;
    this.settings = settings;
    this.instanceId = instanceId;
    this.cache = Caffeine.newBuilder()
        .maximumSize(settings.cacheSize())
        .expireAfterWrite(settings.cacheTtl())
        .build();
    // A revocation announced by anyone (this service, another module) must not leave a stale record behind.
    revocations.subscribe(r -> {
      if (r.key().startsWith(REVOCATION_PREFIX)) {
        cache.invalidate(r.key().substring(REVOCATION_PREFIX.length()));
      }
    });
  }

  public String instanceId() {
    return instanceId;
  }

  public TokenSettings settings() {
    return settings;
  }

  /**
   * ApplyToken: a new token for {@code resources} with the permission type named by {@code actions}, issued by
   * {@code issuerAccessKeyId}. The returned expireTime is the effective one (capped at now + max lifetime).
   *
   * @throws TokenException {@code ApplyTokenOverFlow}, {@code InvalidParameter.Resources},
   *     {@code InvalidParameter.Actions} or {@code InvalidParameter.ExpireTime}
   */
  public AppliedToken apply(String issuerAccessKeyId, List<String> resources, String actions, long expireTime) {
    List<String> granted = validateResources(resources);
    TokenType type = TokenType.fromActions(actions).orElseThrow(() -> TokenException.invalid(
        "InvalidParameter.Actions", "actions must be exactly R, W or R,W (one permission type per token)"));
    long now = clock.millis();
    long min = settings.minLifetime().toMillis();
    if (expireTime < now + min) {
      throw TokenException.invalid("InvalidParameter.ExpireTime", "expireTime must be epoch milliseconds at least "
          + settings.minLifetime().toSeconds() + " s in the future");
    }
    long effective = Math.min(expireTime, now + settings.maxLifetime().toMillis());
    for (int attempt = 1; ; attempt++) {
      String token = newToken();
      TokenRecord record = new TokenRecord(Signatures.sha256Hex(token), instanceId, issuerAccessKeyId, type, granted,
          effective, now, false);
      try {
        store.insert(record);
        LOG.debug("token {}.. applied by {}: type {}, {} resources, expires {}", record.hash().substring(0, 8),
            issuerAccessKeyId, type, granted.size(), effective);
        return new AppliedToken(token, effective);
      } catch (StoreException e) {
        // A hash collision of two random 192-bit tokens does not happen; retrying costs nothing if it ever does.
        if (!e.isDuplicateKey() || attempt >= 3) {
          throw e;
        }
      }
    }
  }

  /** QueryToken: whether the token is usable now (false for unknown, expired, revoked, another instance's). */
  public boolean query(String token) {
    return check(token) instanceof TokenCheck.Valid valid && valid.token().instanceId().equals(instanceId);
  }

  /**
   * RevokeToken. Allowed to the access key that applied for the token and to the owner key. Revoking a revoked
   * token again succeeds. Live sessions that hold the token get {@code $SYS/tokenInvalidNotice} code 3 and are closed.
   *
   * @throws TokenException {@code TokenNotFound} (unknown, purged, or another instance's) or {@code Forbidden}
   */
  public void revoke(String callerAccessKeyId, boolean callerIsOwner, String token) {
    String hash = Signatures.sha256Hex(token);
    // Straight from the store: a decision that takes access away must not rest on a cached copy.
    TokenRecord record = store.find(hash)
        .filter(r -> r.instanceId().equals(instanceId))
        .orElseThrow(() -> new TokenException(TokenException.Kind.NOT_FOUND, "TokenNotFound", "no such token"));
    if (!callerIsOwner && !record.accessKeyId().equals(callerAccessKeyId)) {
      throw new TokenException(TokenException.Kind.FORBIDDEN, "Forbidden",
          "only the access key that applied for a token, or the owner key, may revoke it");
    }
    store.revoke(hash, clock.millis());
    cache.invalidate(hash);
    revocations.publish(new Revocation(REVOCATION_PREFIX + hash, RevocationAction.CLOSE,
        Optional.of(new SystemMessage(TokenNotices.INVALID_NOTICE_TOPIC,
            TokenNotices.invalid(TokenNotices.CODE_REVOKED, record.type()))),
        "token revoked"));
    LOG.info("token {}.. of {} revoked by {}", hash.substring(0, 8), record.accessKeyId(), callerAccessKeyId);
  }

  /**
   * What the token is worth now. Does not look at the instance or at who presents it: callers compare
   * {@link TokenRecord#instanceId()} and {@link TokenRecord#accessKeyId()} themselves.
   */
  public TokenCheck check(String token) {
    if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      return TokenCheck.UNKNOWN;
    }
    // get(key, loader) runs the load inside the cache's per-key lock, so a revoke's invalidate waits for a load in
    // flight instead of being overtaken by it (which would cache the unrevoked row).
    TokenRecord record = cache.get(Signatures.sha256Hex(token), h -> store.find(h).orElse(null));
    if (record == null) {
      return TokenCheck.UNKNOWN;
    }
    if (record.revoked()) {
      return new TokenCheck.Revoked(record);
    }
    if (record.isExpiredAt(clock.millis())) {
      return new TokenCheck.Expired(record);
    }
    if (accessKeys.find(record.accessKeyId()).isEmpty()) {
      return new TokenCheck.IssuerGone(record);
    }
    return new TokenCheck.Valid(record);
  }

  /**
   * Deletes the tokens that ended (expired or were revoked) at least one purge interval ago. The delay keeps a
   * just-ended token known for a while, so that an upload of it is answered "expired"/"revoked", not "forged".
   */
  public int purge() {
    int removed = store.purge(clock.millis() - settings.purgeInterval().toMillis());
    if (removed > 0) {
      LOG.info("purged {} expired or revoked tokens", removed);
    }
    return removed;
  }

  private static List<String> validateResources(List<String> resources) {
    if (resources.isEmpty()) {
      throw TokenException.invalid("InvalidParameter.Resources", "resources must name at least one topic");
    }
    TreeSet<String> distinct = new TreeSet<>();
    for (String resource : resources) {
      if (resource == null) {
        throw TokenException.invalid("InvalidParameter.Resources", "a resource must be a topic, not null");
      }
      distinct.add(resource);
    }
    if (distinct.size() > MAX_RESOURCES) {
      throw TokenException.invalid("ApplyTokenOverFlow", "a token may grant at most " + MAX_RESOURCES
          + " resources, got " + distinct.size());
    }
    for (String resource : distinct) {
      Optional<String> problem = Topics.validateFilter(resource);
      if (problem.isEmpty() && resource.startsWith("$")) {
        problem = Optional.of("topics starting with '$' are reserved to the broker");
      }
      if (problem.isPresent()) {
        throw TokenException.invalid("InvalidParameter.Resources",
            "resource '" + resource + "' is not a valid topic or filter: " + problem.get());
      }
    }
    return List.copyOf(distinct);
  }

  private String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return encoder.encodeToString(bytes);
  }
}
