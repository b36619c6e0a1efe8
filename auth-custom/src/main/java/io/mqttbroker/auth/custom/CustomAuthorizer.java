package io.mqttbroker.auth.custom;

import io.mqttbroker.auth.custom.permission.PermissionIndex;
import io.mqttbroker.core.security.spi.AuthorizationRequest;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.security.spi.Authorizer;
import io.mqttbroker.core.security.spi.ClientContext;
import io.mqttbroker.core.security.spi.Principal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * PUBLISH and SUBSCRIBE of custom-mode clients, judged from the in-memory {@link PermissionIndex} on the calling event
 * loop: the answer is always an already completed stage. Other modes' principals: NO_MATCH.
 */
public final class CustomAuthorizer implements Authorizer {
  private final PermissionIndex index;
  // Completed futures shared so that a check allocates none (a completedStage would be copied by every
  // toCompletableFuture); completing one again is a no-op, and nothing here obtrudes a value.
  private final CompletionStage<AuthorizationResult> allow =
      CompletableFuture.completedFuture(AuthorizationResult.ALLOW);
  private final CompletionStage<AuthorizationResult> deny =
      CompletableFuture.completedFuture(AuthorizationResult.DENY);
  private final CompletionStage<AuthorizationResult> noMatch =
      CompletableFuture.completedFuture(AuthorizationResult.NO_MATCH);

  public CustomAuthorizer(PermissionIndex index) {
    this.index = index;
  }

  @Override
  public String name() {
    return CustomAuthenticator.MODE;
  }

  @Override
  public CompletionStage<AuthorizationResult> authorize(AuthorizationRequest request) {
    ClientContext client = request.client();
    Principal principal = client.principal();
    if (!CustomAuthenticator.MODE.equals(principal.mode())) {
      return noMatch;
    }
    // The principal's name is the username the client connected with.
    AuthorizationResult result = index.decide(request.action(), principal.name(), client.clientId(), request.topic());
    return result == AuthorizationResult.ALLOW ? allow : deny;
  }
}
