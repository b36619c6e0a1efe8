package io.mqttbroker.auth.token;

import java.util.Optional;

/**
 * Where token records live. Calls may block; they throw {@code StoreUnavailableException} when the store is down
 * (never an empty answer for that).
 */
public interface TokenStore {
  void insert(TokenRecord record);

  Optional<TokenRecord> find(String hash);

  /** Marks the token revoked; false when there is no such token. */
  boolean revoke(String hash, long revokeTime);

  /** Deletes the tokens that expired, or were revoked, at or before {@code endedAtOrBefore}; returns how many. */
  int purge(long endedAtOrBefore);
}
