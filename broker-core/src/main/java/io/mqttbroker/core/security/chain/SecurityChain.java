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
  private static final Deny OVERLOADED =
      new Deny(DenyReason.SERVER_UNAVAILABLE, "authentication is overloaded, retry later");
  private static final Deny TIMED_OUT = new Deny(DenyReason.SERVER_UNAVAILABLE, "authentication timed out");

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

  /**
   * Asks each authenticator in order until one allows or denies; never completes exceptionally. One task on the auth
   * executor walks the chain: an authenticator that answers at once (a cached key, an in-memory list) hands over to
   * the next on the same thread, so a CONNECT costs one thread hop however many modes ignore it before one decides.
   */
  public CompletableFuture<AuthenticationResult> authenticate(ConnectRequest request) {
    if (authenticators.isEmpty()) {
      return CompletableFuture.completedFuture(new Deny(DenyReason.NOT_AUTHORIZED,
          "no authentication is configured: set MQTT_ALLOW_ANONYMOUS=true or configure an authentication mode"));
    }
    CompletableFuture<AuthenticationResult> answer = new CompletableFuture<>();
    if (!walkLater(request, 0, answer)) {
      return CompletableFuture.completedFuture(OVERLOADED);
    }
    // Each authenticator has the timeout, also one that blocks inside authenticate(): the walk as a whole may take at
    // most that many timeouts. The walk itself always completes normally, so only this timeout is exceptional.
    long walkMillis = timeout.toMillis() * authenticators.size();
    return answer.orTimeout(walkMillis, TimeUnit.MILLISECONDS).exceptionally(e -> {
      LOG.warn("authentication chain did not answer within {} ms for client {}", walkMillis, request.clientId());
      return TIMED_OUT;
    });
  }

  /** Walks from {@code index} on the auth executor; false when the bounded executor is full. */
  private boolean walkLater(ConnectRequest request, int index, CompletableFuture<AuthenticationResult> answer) {
    try {
      authExecutor.execute(() -> walk(request, index, answer));
      return true;
    } catch (RuntimeException rejected) {
      // The bounded executor is full: refuse rather than queue without limit.
      return false;
    }
  }

  private void walk(ConnectRequest request, int index, CompletableFuture<AuthenticationResult> answer) {
    for (int i = index; i < authenticators.size() && !answer.isDone(); i++) {
      Authenticator authenticator = authenticators.get(i);
      CompletableFuture<AuthenticationResult> stage;
      try {
        stage = authenticator.authenticate(request).toCompletableFuture();
      } catch (RuntimeException e) {
        answer.complete(failed(authenticator, request, e));
        return;
      }
      if (!stage.isDone()) {
        int nextIndex = i + 1;
        // On a copy: the authenticator may hand the same future to several callers.
        stage.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
          AuthenticationResult result = settle(authenticator, request, r, e);
          if (!(result instanceof Ignore)) {
            answer.complete(result);
          } else if (!walkLater(request, nextIndex, answer)) {
            answer.complete(OVERLOADED);
          }
        });
        return;
      }
      AuthenticationResult result = stage.handle((r, e) -> settle(authenticator, request, r, e)).join();
      if (!(result instanceof Ignore)) {
        answer.complete(result);
        return;
      }
    }
    answer.complete(new Deny(DenyReason.NOT_AUTHORIZED, "no authentication mode recognised the username"));
  }

  /** One authenticator's answer, or the deny that stands for its failure, timeout or null answer. */
  private AuthenticationResult settle(Authenticator authenticator, ConnectRequest request, AuthenticationResult r,
      Throwable e) {
    if (e == null) {
      return r != null ? r : failed(authenticator, request, new IllegalStateException("authenticator answered null"));
    }
    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof TimeoutException) {
      LOG.warn("authenticator {} did not answer within {} ms for client {}", authenticator.name(), timeout.toMillis(),
          request.clientId());
      return TIMED_OUT;
    }
    return failed(authenticator, request, cause);
  }

  private static Deny failed(Authenticator authenticator, ConnectRequest request, Throwable cause) {
    LOG.warn("authenticator {} failed for client {}: {}", authenticator.name(), request.clientId(), cause.toString());
    return new Deny(DenyReason.SERVER_UNAVAILABLE, "authentication failed: " + authenticator.name() + " unavailable");
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
