package io.mqttbroker.auth.custom;

import io.mqttbroker.core.security.spi.ClientContext;
import io.mqttbroker.core.security.spi.Principal;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** A live client as an authorizer sees it: fixed client id and principal; it cannot send or schedule anything. */
final class TestClient implements ClientContext {
  private final String clientId;
  private volatile Principal principal;

  TestClient(String clientId, Principal principal) {
    this.clientId = clientId;
    this.principal = principal;
  }

  static TestClient custom(String username, String clientId) {
    return new TestClient(clientId, Principal.of(CustomAuthenticator.MODE, username,
        Set.of("customUser:" + username, "customClient:" + clientId, "clientId:" + clientId)));
  }

  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public Optional<String> username() {
    return Optional.of(principal.name());
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
    throw new UnsupportedOperationException("custom auth sends no system messages");
  }

  @Override
  public void disconnect(String reason) {
    throw new UnsupportedOperationException("custom auth authorizers never disconnect");
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    throw new UnsupportedOperationException("custom auth schedules nothing");
  }

  @Override
  public boolean isConnected() {
    return true;
  }
}
