package io.mqttbroker.auth.signature;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Looks up access keys by id, through a cache. Used by signature mode, by token mode (a token is bound to the key that
 * applied for it) and by the admin API (HTTP Basic). May block on a cache miss; throws
 * {@link io.mqttbroker.store.StoreUnavailableException} when the store is down (never "not found" for that).
 */
public interface AccessKeyDirectory {
  Optional<AccessKey> find(String accessKeyId);

  /**
   * The same lookup for callers that must not block (an event loop): a directory that holds the key in memory answers
   * with an already completed stage; otherwise {@link #find} runs on {@code blockingExecutor} and the stage completes
   * there (exceptionally with {@code StoreUnavailableException} when the store is down). This default always hops.
   */
  default CompletionStage<Optional<AccessKey>> findAsync(String accessKeyId, Executor blockingExecutor) {
    return CompletableFuture.supplyAsync(() -> find(accessKeyId), blockingExecutor);
  }
}
