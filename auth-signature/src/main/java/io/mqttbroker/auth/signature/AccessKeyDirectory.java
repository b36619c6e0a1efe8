package io.mqttbroker.auth.signature;

import java.util.Optional;

/**
 * Looks up access keys by id, through a cache. Used by signature mode, by token mode (a token is bound to the key that
 * applied for it) and by the admin API (HTTP Basic). May block on a cache miss; throws
 * {@link io.mqttbroker.store.StoreUnavailableException} when the store is down (never "not found" for that).
 */
public interface AccessKeyDirectory {
  Optional<AccessKey> find(String accessKeyId);
}
