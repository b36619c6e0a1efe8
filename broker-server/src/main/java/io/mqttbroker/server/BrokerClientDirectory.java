package io.mqttbroker.server;

import io.mqttbroker.admin.clients.ClientDirectory;
import io.mqttbroker.admin.clients.ClientInfo;
import io.mqttbroker.core.MqttBroker;
import io.mqttbroker.core.protocol.MqttConnection;
import java.util.Optional;

/** The admin API's view of live clients, over the broker's connection registry. */
final class BrokerClientDirectory implements ClientDirectory {
  private final MqttBroker broker;

  BrokerClientDirectory(MqttBroker broker) {
    this.broker = broker;
  }

  @Override
  public Optional<ClientInfo> find(String clientId) {
    return broker.connection(clientId).filter(MqttConnection::isConnected).map(c -> new ClientInfo(
        c.clientId(),
        c.username().orElse(""),
        String.valueOf(c.remoteAddress()).replaceFirst("^/", ""),
        c.protocolVersion() == 5 ? "5.0" : c.protocolVersion() == 3 ? "3.1" : "3.1.1",
        c.connectedAt(),
        c.principal() == null ? "" : c.principal().mode()));
  }

  @Override
  public boolean disconnect(String clientId) {
    Optional<MqttConnection> connection = broker.connection(clientId).filter(MqttConnection::isConnected);
    connection.ifPresent(MqttConnection::closeByAdministrator);
    return connection.isPresent();
  }
}
