package io.mqttbroker.auth.devicecredential;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mqttbroker.store.SecretCipher;
import java.time.Duration;
import java.util.Optional;

/**
 * Device access keys by key id, with their secret already opened, so that a reconnect storm costs one HMAC per device
 * and no database round trip after the first connect. Only keys that exist are cached (a store failure or an unknown
 * key is never remembered). The service invalidates an entry right after a refresh or unregister commits; Caffeine
 * makes that invalidation wait for a load of the same key in flight, so a stale row read just before the commit cannot
 * be put back afterwards. Entries also expire after a while so that a change made by another node sharing the
 * database reaches this one eventually.
 */
public final class DeviceKeyCache {
  /** What the authenticator needs of a key; {@link #toString()} hides the secret. */
  record DeviceKey(String keyId, String clientId, String secret) {
    @Override
    public String toString() {
      return "DeviceKey[" + keyId + ", clientId=" + clientId + "]";
    }
  }

  private final DeviceCredentialStore store;
  private final SecretCipher cipher;
  private final Cache<String, DeviceKey> keys;

  /**
   * @param maxEntries bound of the cache (for example 100,000 devices)
   * @param expireAfterWrite how long an entry may live without being re-read from the store
   */
  public DeviceKeyCache(DeviceCredentialStore store, SecretCipher cipher, long maxEntries, Duration expireAfterWrite) {
    this.store = store;
    this.cipher = cipher;
    this.keys = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(expireAfterWrite).build();
  }

  /**
   * The key with this id, from memory or else from the store. Blocking on a miss.
   *
   * @throws io.mqttbroker.store.StoreUnavailableException when the store is down and the key is not in memory
   */
  Optional<DeviceKey> find(String keyId) {
    return Optional.ofNullable(keys.get(keyId, this::load));
  }

  void invalidate(String keyId) {
    keys.invalidate(keyId);
  }

  private DeviceKey load(String keyId) {
    // Returning null leaves nothing in the cache.
    return store.findByKeyId(keyId)
        .map(row -> new DeviceKey(row.keyId(), row.clientId(), cipher.open(row.sealedSecret())))
        .orElse(null);
  }
}
