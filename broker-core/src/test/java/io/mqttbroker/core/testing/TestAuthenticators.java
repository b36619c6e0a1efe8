package io.mqttbroker.core.testing;

import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.Authenticator;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.DenyReason;
import io.mqttbroker.core.security.spi.Principal;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Behaviour-named authenticators for tests: each one's name says what it answers. */
public final class TestAuthenticators {
  public static final String MODE = "test";

  private TestAuthenticators() {}

  /** Allows everyone as a principal of mode {@code test} named after the username. */
  public static Authenticator allowing() {
    return new Named("allowing", r -> CompletableFuture.completedFuture(AuthenticationResult.Allow.of(
        Principal.of(MODE, r.username().orElse(""), Set.of("clientId:" + r.clientId(),
            "user:" + r.username().orElse(""))))));
  }

  /** Allows only the given username/password. */
  public static Authenticator password(String username, String password) {
    return new Named("password", r -> {
      if (!r.username().orElse("").equals(username)) {
        return CompletableFuture.completedFuture(AuthenticationResult.IGNORE);
      }
      if (!r.passwordAsString().equals(password)) {
        return CompletableFuture.completedFuture(AuthenticationResult.deny(DenyReason.BAD_CREDENTIALS, "bad password"));
      }
      return CompletableFuture.completedFuture(AuthenticationResult.Allow.of(
          Principal.of(MODE, username, Set.of("clientId:" + r.clientId(), "user:" + username))));
    });
  }

  public static Authenticator denying(DenyReason reason) {
    return new Named("denying", r -> CompletableFuture.completedFuture(AuthenticationResult.deny(reason, "denied")));
  }

  public static Authenticator ignoring() {
    return new Named("ignoring", r -> CompletableFuture.completedFuture(AuthenticationResult.IGNORE));
  }

  /** Returns a stage that never completes: the chain's timeout must refuse. */
  public static Authenticator neverAnswering() {
    return new Named("neverAnswering", r -> new CompletableFuture<>());
  }

  public static Authenticator throwing() {
    return new Named("throwing", r -> {
      throw new IllegalStateException("authenticator exploded");
    });
  }

  private record Named(String name, java.util.function.Function<ConnectRequest,
      CompletionStage<AuthenticationResult>> body) implements Authenticator {
    @Override
    public CompletionStage<AuthenticationResult> authenticate(ConnectRequest request) {
      return body.apply(request);
    }
  }
}
