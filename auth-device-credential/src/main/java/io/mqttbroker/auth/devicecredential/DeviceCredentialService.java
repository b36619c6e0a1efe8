package io.mqttbroker.auth.devicecredential;

import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.revocation.RevocationBus;
import io.mqttbroker.store.SecretCipher;
import io.mqttbroker.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin operations of unique-certificate-per-device mode (AUTH-SPEC section 4): RegisterDeviceCredential,
 * GetDeviceCredential, RefreshDeviceCredential, UnRegisterDeviceCredential, ListDeviceCredentialClientId. Blocking
 * (store calls); thread-safe. Throws {@link io.mqttbroker.store.StoreUnavailableException} when the store is down.
 */
public final class DeviceCredentialService {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceCredentialService.class);
  /** Key ids are random; a collision is practically impossible, but it must not surface as an error. */
  private static final int ATTEMPTS = 3;
  public static final int MAX_PAGE_SIZE = 100;
  /** The prefix of the revocation keys of device keys: {@code deviceKey:<DeviceAccessKeyId>}. */
  static final String REVOCATION_PREFIX = "deviceKey:";

  private final DeviceCredentialStore store;
  private final DeviceKeyCache cache;
  private final SecretCipher cipher;
  private final RevocationBus revocations;
  private final DeviceCredentialSettings settings;
  private final Clock clock;
  private final DeviceKeys keys = new DeviceKeys(new SecureRandom());

  public DeviceCredentialService(DeviceCredentialStore store, DeviceKeyCache cache, SecretCipher cipher,
      RevocationBus revocations, DeviceCredentialSettings settings, Clock clock) {
    this.store = store;
    this.cache = cache;
    this.cipher = cipher;
    this.revocations = revocations;
    this.settings = settings;
    this.clock = clock;
    // Our own refresh/unregister evicts before it publishes; this evicts on those of other nodes sharing the store,
    // when the bus relays them.
    revocations.subscribe(r -> {
      if (r.key().startsWith(REVOCATION_PREFIX)) {
        cache.invalidate(r.key().substring(REVOCATION_PREFIX.length()));
      }
    });
  }

  public String instanceId() {
    return settings.instanceId();
  }

  /**
   * RegisterDeviceCredential: the credential of {@code clientId}, created when it has none.
   *
   * @throws DeviceCredentialException {@code InvalidParameter.ClientId} for a client id no device could use;
   *     {@code DeviceCredentialNumExceed} when the quota is reached (nothing is created then)
   */
  public RegisterResult register(String clientId) {
    ClientIds.validate(clientId, settings.maxClientIdLength(), settings.requireGroupFormat());
    DeviceCredentialStore.Registered registered = withRetryOnDuplicate(() -> store.register(clientId,
        ClientIds.groupOf(clientId), settings.maxCredentials(), () -> {
          long now = clock.millis();
          return new StoredCredential(clientId, keys.newKeyId(), cipher.seal(keys.newSecret()), now, now);
        }));
    if (registered.created()) {
      LOG.info("device credential registered: clientId={} deviceAccessKeyId={}", clientId,
          registered.credential().keyId());
    }
    return new RegisterResult(open(registered.credential()), registered.created());
  }

  /** GetDeviceCredential; empty when the client id has no credential. */
  public Optional<DeviceCredential> get(String clientId) {
    return store.findByClientId(clientId).map(this::open);
  }

  /**
   * RefreshDeviceCredential: a new key pair. The old key stops working at once (cache entry dropped) and the live
   * connection that used it is closed. Empty when the client id has no credential.
   */
  public Optional<DeviceCredential> refresh(String clientId) {
    Optional<DeviceCredentialStore.Replaced> replaced = withRetryOnDuplicate(() -> store.replaceKey(clientId,
        keys.newKeyId(), cipher.seal(keys.newSecret()), clock.millis()));
    replaced.ifPresent(r -> {
      LOG.info("device credential refreshed: clientId={} old deviceAccessKeyId={} new deviceAccessKeyId={}",
          clientId, r.oldKeyId(), r.credential().keyId());
      takeAway(r.oldKeyId(), "device credential refreshed");
    });
    return replaced.map(r -> open(r.credential()));
  }

  /**
   * UnRegisterDeviceCredential: deletes the credential, frees its place in the quota and closes the live connection
   * that used it. False when the client id had none.
   */
  public boolean unregister(String clientId) {
    Optional<StoredCredential> deleted = store.delete(clientId);
    deleted.ifPresent(d -> {
      LOG.info("device credential unregistered: clientId={} deviceAccessKeyId={}", clientId, d.keyId());
      takeAway(d.keyId(), "device credential unregistered");
    });
    return deleted.isPresent();
  }

  /**
   * ListDeviceCredentialClientId: client ids in ascending order, of one group (the part before {@code @@@}) or all.
   *
   * @param size 1..100
   * @param nextToken the token of the previous page, if any
   * @throws DeviceCredentialException for a size out of range or a token this service did not make
   */
  public ClientIdPage listClientIds(Optional<String> groupId, int size, Optional<String> nextToken) {
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw new DeviceCredentialException(DeviceCredentialException.INVALID_PAGE_SIZE,
          "size must be an integer from 1 to " + MAX_PAGE_SIZE);
    }
    Optional<String> after = nextToken.map(DeviceCredentialService::decodeToken);
    // One row more than asked tells whether another page exists.
    DeviceCredentialStore.ClientIdRows rows = store.listClientIds(groupId, after, size + 1);
    List<String> ids = rows.clientIds();
    if (ids.size() <= size) {
      return new ClientIdPage(ids, Optional.empty(), rows.total());
    }
    List<String> page = ids.subList(0, size);
    return new ClientIdPage(page, Optional.of(encodeToken(page.get(size - 1))), rows.total());
  }

  private void takeAway(String keyId, String reason) {
    // Order matters: the cache first, so that a client reconnecting after the close cannot use the old key.
    cache.invalidate(keyId);
    revocations.publish(Revocation.close(REVOCATION_PREFIX + keyId, reason));
  }

  private DeviceCredential open(StoredCredential row) {
    return new DeviceCredential(row.clientId(), settings.instanceId(), row.keyId(), cipher.open(row.sealedSecret()),
        row.createTime(), row.updateTime());
  }

  private static <T> T withRetryOnDuplicate(Supplier<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.get();
      } catch (StoreException e) {
        // A duplicate client id (two registers raced) finds the existing row on the next attempt; a duplicate key id
        // gets a new random one.
        if (!e.isDuplicateKey() || attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  // The token is the last client id of the page; Base64 keeps it opaque and safe in a query string.
  private static String encodeToken(String lastClientId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(lastClientId.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeToken(String token) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (decoded.isEmpty()) {
        throw new IllegalArgumentException("empty");
      }
      return decoded;
    } catch (IllegalArgumentException e) {
      throw new DeviceCredentialException(DeviceCredentialException.INVALID_NEXT_TOKEN,
          "nextToken is not a token returned by this list");
    }
  }
}
