package io.mqttbroker.auth.signature.mode;

import io.mqttbroker.auth.signature.AccessKeyDirectory;
import io.mqttbroker.core.security.spi.AuthorizationRequest;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.security.spi.Authorizer;
import io.mqttbroker.core.security.spi.Principal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Signature mode at PUBLISH and SUBSCRIBE. The owner key may do everything. For any other key the group verdicts
 * frozen at CONNECT ({@link SignatureGrants}) come first, then the key's current topic statements decide, as
 * {@link PolicyEvaluator} describes; a key deleted since CONNECT allows nothing. Answers from memory while the key is
 * cached; on a miss the stage completes later on the blocking executor.
 */
public final class SignatureAuthorizer implements Authorizer {
  private static final CompletableFuture<AuthorizationResult> NO_MATCH =
      CompletableFuture.completedFuture(AuthorizationResult.NO_MATCH);
  private static final CompletableFuture<AuthorizationResult> ALLOW =
      CompletableFuture.completedFuture(AuthorizationResult.ALLOW);
  private static final CompletableFuture<AuthorizationResult> DENY =
      CompletableFuture.completedFuture(AuthorizationResult.DENY);

  private final AccessKeyDirectory keys;
  private final Executor blockingExecutor;

  public SignatureAuthorizer(AccessKeyDirectory keys, Executor blockingExecutor) {
    this.keys = keys;
    this.blockingExecutor = blockingExecutor;
  }

  @Override
  public String name() {
    return SignatureAuthenticator.MODE;
  }

  @Override
  public CompletionStage<AuthorizationResult> authorize(AuthorizationRequest request) {
    Principal principal = request.client().principal();
    if (!SignatureAuthenticator.MODE.equals(principal.mode())
        || !(principal.grants() instanceof SignatureGrants grants)) {
      return NO_MATCH;
    }
    if (grants.owner()) {
      return ALLOW;
    }
    if (!grants.group(request.action()).permits()) {
      return DENY;
    }
    return keys.findAsync(grants.accessKeyId(), blockingExecutor)
        .thenApply(key -> key.isPresent()
            && PolicyEvaluator.allowsTopic(key.get().policies(), request.action(), request.topic())
            ? AuthorizationResult.ALLOW : AuthorizationResult.DENY);
  }
}
