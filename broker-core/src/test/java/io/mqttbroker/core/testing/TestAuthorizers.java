package io.mqttbroker.core.testing;

import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.AuthorizationRequest;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.security.spi.Authorizer;
import io.mqttbroker.core.topic.Topics;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/** Behaviour-named authorizers for tests. */
public final class TestAuthorizers {
  private TestAuthorizers() {}

  public static Authorizer allowingAll() {
    return named("allowingAll", r -> AuthorizationResult.ALLOW);
  }

  /** Denies the given action on topics matched by (publish) or covered by (subscribe) {@code filter}; else allows. */
  public static Authorizer denying(Action action, String filter) {
    return named("denying", r -> {
      if (r.action() != action) {
        return AuthorizationResult.ALLOW;
      }
      boolean hit = action == Action.PUBLISH ? Topics.matches(filter, r.topic()) : Topics.covers(filter, r.topic());
      return hit ? AuthorizationResult.DENY : AuthorizationResult.ALLOW;
    });
  }

  /** Allows everything, but answers later from another thread (exercises the read gate). */
  public static Authorizer allowingLater() {
    Executor executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "test-authorizer");
      t.setDaemon(true);
      return t;
    });
    return new Authorizer() {
      @Override
      public String name() {
        return "allowingLater";
      }

      @Override
      public CompletionStage<AuthorizationResult> authorize(AuthorizationRequest request) {
        return CompletableFuture.supplyAsync(() -> AuthorizationResult.ALLOW, executor);
      }
    };
  }

  private static Authorizer named(String name, java.util.function.Function<AuthorizationRequest, AuthorizationResult> f) {
    return new Authorizer() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public CompletionStage<AuthorizationResult> authorize(AuthorizationRequest request) {
        return CompletableFuture.completedFuture(f.apply(request));
      }
    };
  }
}
