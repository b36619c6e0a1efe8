package io.mqttbroker.auth.custom;

import io.mqttbroker.auth.custom.blacklist.ConnectBlacklistService;
import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.Authenticator;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.DenyReason;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The connection blacklist (AUTH-SPEC section 5), asked before every authentication mode: a blacklisted client id is
 * refused as banned whatever its username, so a client that blacklisting disconnected cannot come back through
 * another mode. Anything else is left to the modes. Answers from memory ({@link ConnectBlacklistService} holds the
 * whole list), so it costs a CONNECT no store read and does not depend on the store being up.
 */
public final class ConnectBlacklistGate implements Authenticator {
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
    return CompletableFuture.completedFuture(blacklist.isBlacklisted(request.clientId())
        ? AuthenticationResult.deny(DenyReason.BANNED, "client id is blacklisted")
        : AuthenticationResult.IGNORE);
  }
}
