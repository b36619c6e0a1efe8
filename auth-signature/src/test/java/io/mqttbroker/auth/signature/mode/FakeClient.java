package io.mqttbroker.auth.signature.mode;

import io.mqttbroker.core.security.spi.ClientContext;
import io.mqttbroker.core.security.spi.Principal;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;

/** A connected client as the authorizer sees it: an id and a principal, nothing on the wire. */
final class FakeClient implements ClientContext {
  private final String clientId;
  private volatile Principal principal;

  FakeClient(String clientId, Principal principal) {
    this.clientId = clientId;
    this.principal = principal;
  }

  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public Optional<String> username() {
    return Optional.of(principal.mode() + "|" + principal.name());
  }

  @Override
  public int protocolVersion() {
    return 4;
  }

  @Override
  public SocketAddress remoteAddress() {
    return InetSocketAddress.createUnresolved("device", 1883);
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
    throw new UnsupportedOperationException("signature mode sends no system messages");
  }

  @Override
  public void disconnect(String reason) {
    throw new UnsupportedOperationException("the authorizer never disconnects");
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    throw new UnsupportedOperationException("signature mode schedules nothing");
  }

  @Override
  public boolean isConnected() {
    return true;
  }
}
