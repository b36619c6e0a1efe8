package io.mqttbroker.core.security.chain;

import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.AuthenticationResult.Allow;
import io.mqttbroker.core.security.spi.AuthenticationResult.Deny;
import io.mqttbroker.core.security.spi.AuthenticationResult.Ignore;
import io.mqttbroker.core.security.spi.AuthorizationRequest;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.security.spi.Authenticator;
import io.mqttbroker.core.security.spi.Authorizer;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.DenyReason;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks the configured authenticators and authorizers. Fail-closed: an exhausted chain, an exception or a timeout is a
 * deny. Authenticators run on the auth executor; authorizers are asked on the caller's thread and may answer at once.
 */
public final class SecurityChain {
  private static final Logger LOG = LoggerFactory.getLogger(SecurityChain.class);
  private static final CompletableFuture<AuthorizationResult> ALLOWED =
      CompletableFuture.completedFuture(AuthorizationResult.ALLOW);
  private static final CompletableFuture<AuthorizationResult> DENIED =
      CompletableFuture.completedFuture(AuthorizationResult.DENY);

  private final List<Authenticator> authenticators;
  private final List<Authorizer> authorizers;
  private final Duration timeout;
  private final Executor authExecutor;

  public SecurityChain(
      List<Authenticator> authenticators, List<Authorizer> authorizers, Duration timeout, Executor authExecutor) {
    this.authenticators = List.copyOf(authenticators);
    this.authorizers = List.copyOf(authorizers);
    this.timeout = timeout;
    this.authExecutor = authExecutor;
  }

  public boolean hasAuthenticators() {
    return !authenticators.isEmpty();
  }

  /** Asks each authenticator in order until one allows or denies; never completes exceptionally. */
  public CompletableFuture<AuthenticationResult> authenticate(ConnectRequest request) {
    if (authenticators.isEmpty()) {
      return CompletableFuture.completedFuture(new Deny(DenyReason.NOT_AUTHORIZED,
          "no authentication is configured: set MQTT_ALLOW_ANONYMOUS=true or configure an authentication mode"));
    }
    return next(request, 0);
  }

  private CompletableFuture<AuthenticationResult> next(ConnectRequest request, int index) {
    if (index >= authenticators.size()) {
      return CompletableFuture.completedFuture(
          new Deny(DenyReason.NOT_AUTHORIZED, "no authentication mode recognised the username"));
    }
    Authenticator authenticator = authenticators.get(index);
    return askOne(authenticator, request).thenCompose(result -> {
      if (result instanceof Ignore) {
        return next(request, index + 1);
      }
      return CompletableFuture.completedFuture(result);
    });
  }

  private CompletableFuture<AuthenticationResult> askOne(Authenticator authenticator, ConnectRequest request) {
    CompletableFuture<AuthenticationResult> answer = new CompletableFuture<>();
    try {
      authExecutor.execute(() -> {
        try {
          authenticator.authenticate(request).whenComplete((r, e) -> {
            if (e != null) {
              answer.completeExceptionally(e);
            } else if (r == null) {
              answer.completeExceptionally(new IllegalStateException("authenticator answered null"));
            } else {
              answer.complete(r);
            }
          });
        } catch (RuntimeException e) {
          answer.completeExceptionally(e);
        }
      });
    } catch (RuntimeException rejected) {
      // The bounded executor is full: refuse rather than queue without limit.
      return CompletableFuture.completedFuture(
          new Deny(DenyReason.SERVER_UNAVAILABLE, "authentication is overloaded, retry later"));
    }
    return answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((r, e) -> {
      if (e == null) {
        return r;
      }
      Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
          ? e.getCause() : e;
      if (cause instanceof TimeoutException) {
        LOG.warn("authenticator {} did not answer within {} ms for client {}", authenticator.name(),
            timeout.toMillis(), request.clientId());
        return new Deny(DenyReason.SERVER_UNAVAILABLE, "authentication timed out");
      }
      LOG.warn("authenticator {} failed for client {}: {}", authenticator.name(), request.clientId(),
          cause.toString());
      return new Deny(DenyReason.SERVER_UNAVAILABLE, "authentication failed: " + authenticator.name() + " unavailable");
    });
  }

  /**
   * Asks each authorizer until one answers ALLOW or DENY; NO_MATCH everywhere, an exception or a timeout is DENY. The
   * result is already complete when every authorizer asked answered from memory.
   */
  public CompletableFuture<AuthorizationResult> authorize(AuthorizationRequest request) {
    return authorizeFrom(request, 0);
  }

  private CompletableFuture<AuthorizationResult> authorizeFrom(AuthorizationRequest request, int index) {
    for (int i = index; i < authorizers.size(); i++) {
      Authorizer authorizer = authorizers.get(i);
      CompletableFuture<AuthorizationResult> stage;
      try {
        stage = authorizer.authorize(request).toCompletableFuture();
      } catch (RuntimeException e) {
        LOG.warn("authorizer {} failed for client {}: {}", authorizer.name(), request.client().clientId(),
            e.toString());
        return DENIED;
      }
      if (stage.isDone() && !stage.isCompletedExceptionally()) {
        AuthorizationResult r = stage.join();
        if (r == AuthorizationResult.ALLOW) {
          return ALLOWED;
        }
        if (r == AuthorizationResult.DENY) {
          return DENIED;
        }
        continue;
      }
      int nextIndex = i + 1;
      return stage.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .handle((r, e) -> {
            if (e != null) {
              LOG.warn("authorizer {} failed for client {}: {}", authorizer.name(), request.client().clientId(),
                  e.toString());
              return DENIED;
            }
            if (r == AuthorizationResult.NO_MATCH) {
              return authorizeFrom(request, nextIndex);
            }
            return r == AuthorizationResult.ALLOW ? ALLOWED : DENIED;
          })
          .thenCompose(f -> f);
    }
    return DENIED;
  }

}
