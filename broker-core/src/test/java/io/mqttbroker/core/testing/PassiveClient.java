package io.mqttbroker.core.testing;

import io.mqttbroker.core.security.spi.ClientContext;
import io.mqttbroker.core.security.spi.Principal;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * A live client as an authorizer sees it, for the auth modules' unit tests: a client id, a username and a principal
 * that {@link #replacePrincipal} may change. It is not on the wire: sending, disconnecting and scheduling throw, so a
 * test of an authorizer that should do none of them fails when it does.
 */
public final class PassiveClient implements ClientContext {
  private final String clientId;
  private final String username;
  private volatile Principal principal;

  public PassiveClient(String clientId, String username, Principal principal) {
    this.clientId = clientId;
    this.username = username;
    this.principal = principal;
  }

  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public Optional<String> username() {
    return Optional.of(username);
  }

  @Override
  public int protocolVersion() {
    return 4;
  }

  @Override
  public SocketAddress remoteAddress() {
    return new InetSocketAddress("127.0.0.1", 50000);
  }

  @Override
  public Principal principal() {
    return principal;
  }

  @Override
  public void replacePrincipal(Principal principal) {
    this.principal = principal;
  }

  @Override
  public void sendSystemMessage(String topic, byte[] payload) {
    throw new UnsupportedOperationException("a passive test client cannot be sent a system message");
  }

  @Override
  public void disconnect(String reason) {
    throw new UnsupportedOperationException("a passive test client cannot be disconnected");
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    throw new UnsupportedOperationException("a passive test client cannot schedule");
  }

  @Override
  public boolean isConnected() {
    return true;
  }
}
