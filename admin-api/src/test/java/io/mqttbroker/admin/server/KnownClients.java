package io.mqttbroker.admin.server;

import io.mqttbroker.admin.clients.ClientDirectory;
import io.mqttbroker.admin.clients.ClientInfo;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory client directory: clients are "connected" until disconnected. */
final class KnownClients implements ClientDirectory {
  final Map<String, ClientInfo> connected = new ConcurrentHashMap<>();

  KnownClients with(ClientInfo client) {
    connected.put(client.clientId(), client);
    return this;
  }

  @Override
  public Optional<ClientInfo> find(String clientId) {
    return Optional.ofNullable(connected.get(clientId));
  }

  @Override
  public boolean disconnect(String clientId) {
    return connected.remove(clientId) != null;
  }
}
