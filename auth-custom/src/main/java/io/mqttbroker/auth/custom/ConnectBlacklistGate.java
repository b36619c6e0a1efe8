package io.mqttbroker.auth.custom;

import io.mqttbroker.auth.custom.blacklist.ConnectBlacklistService;
import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.Authenticator;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.DenyReason;
import io.mqttbroker.core.security.spi.ReferenceUsername;
import io.mqttbroker.store.StoreUnavailableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection blacklist (AUTH-SPEC section 5), asked before every authentication mode: a blacklisted client id is
 * refused as banned whatever its username, so a client that blacklisting disconnected cannot come back through
 * another mode. Anything else is left to the modes.
 *
 * <p>When the store cannot answer (and the cache does not know the client id), a CONNECT with a custom-mode username
 * is refused as server unavailable, as custom mode would refuse it anyway; one with a built-in mode's username goes on
 * to that mode, whose own cache may still admit it (a store outage must not lock out every device).
 * Blocking (cached store read): runs on the chain's auth executor.
 */
public final class ConnectBlacklistGate implements Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectBlacklistGate.class);

  private final ConnectBlacklistService blacklist;

  public ConnectBlacklistGate(ConnectBlacklistService blacklist) {
    this.blacklist = blacklist;
  }

  @Override
  public String name() {
    return "custom-blacklist";
  }

  @Override
  public CompletionStage<AuthenticationResult> authenticate(ConnectRequest request) {
    return CompletableFuture.completedFuture(decide(request));
  }

  private AuthenticationResult decide(ConnectRequest request) {
    try {
      return blacklist.isBlacklisted(request.clientId())
          ? AuthenticationResult.deny(DenyReason.BANNED, "client id is blacklisted")
          : AuthenticationResult.IGNORE;
    } catch (StoreUnavailableException e) {
      if (ReferenceUsername.isReserved(request.username().orElse(""))) {
        LOG.warn("blacklist of client {} unknown (store unavailable): left to its mode", request.clientId());
        return AuthenticationResult.IGNORE;
      }
      LOG.warn("blacklist of client {} unknown (store unavailable): {}", request.clientId(), e.getMessage());
      return AuthenticationResult.deny(DenyReason.SERVER_UNAVAILABLE, "credential store unavailable");
    }
  }
}
