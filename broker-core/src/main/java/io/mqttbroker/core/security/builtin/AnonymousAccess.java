package io.mqttbroker.core.security.builtin;

import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.AuthorizationRequest;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.security.spi.Authenticator;
import io.mqttbroker.core.security.spi.Authorizer;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.Principal;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code allow-anonymous}: placed last in the chain, it lets in every client that no mode recognised and allows it
 * every topic (the broker still refuses client publishes to {@code $SYS}). Off by default.
 */
public final class AnonymousAccess implements Authenticator, Authorizer {
  public static final String MODE = "anonymous";
  private static final CompletableFuture<AuthorizationResult> ALLOW =
      CompletableFuture.completedFuture(AuthorizationResult.ALLOW);
  private static final CompletableFuture<AuthorizationResult> NO_MATCH =
      CompletableFuture.completedFuture(AuthorizationResult.NO_MATCH);

  @Override
  public String name() {
    return MODE;
  }

  @Override
  public CompletionStage<AuthenticationResult> authenticate(ConnectRequest request) {
    return CompletableFuture.completedFuture(AuthenticationResult.Allow.of(
        Principal.of(MODE, request.username().orElse(""), Set.of("clientId:" + request.clientId()))));
  }

  @Override
  public CompletionStage<AuthorizationResult> authorize(AuthorizationRequest request) {
    return MODE.equals(request.client().principal().mode()) ? ALLOW : NO_MATCH;
  }
}
