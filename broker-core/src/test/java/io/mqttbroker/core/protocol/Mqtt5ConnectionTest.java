package io.mqttbroker.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestBroker;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MQTT 5 connection-level features: server keep alive, authentication method, server-sent DISCONNECT reasons. */
class Mqtt5ConnectionTest {
  private final TestBroker broker = TestBroker.open(BrokerOptions.builder().maxKeepAlive(30).build());

  @AfterEach
  void stop() {
    broker.close();
  }

  @Test
  void keepAliveAboveTheMaximumIsReplacedByTheServerKeepAlive() throws Exception {
    try (Paho.V5 client = Paho.v5(broker.uri(), "long-ka")) {
      var options = Paho.v5Options("u", "p", true);
      options.setKeepAliveInterval(300);
      assertEquals(30, client.connect(options).getResponseProperties().getServerKeepAlive());
    }
  }

  @Test
  void keepAliveWithinTheMaximumIsKept() throws Exception {
    try (Paho.V5 client = Paho.v5(broker.uri(), "short-ka")) {
      var options = Paho.v5Options("u", "p", true);
      options.setKeepAliveInterval(20);
      assertNull(client.connect(options).getResponseProperties().getServerKeepAlive());
    }
  }

  @Test
  void connectWithAnAuthenticationMethodIsRefusedAsBadAuthenticationMethod() throws Exception {
    try (Paho.V5 client = Paho.v5(broker.uri(), "scram")) {
      var options = Paho.v5Options("u", "p", true);
      options.setAuthMethod("SCRAM-SHA-256");
      MqttException e = assertThrows(MqttException.class, () -> client.connect(options));
      assertEquals(0x8C, e.getReasonCode());
    }
  }

  @Test
  void authPacketWithoutAnAuthenticationMethodIsAProtocolError() throws Exception {
    try (RawClient raw = RawClient.connect(broker.port())) {
      raw.send(Mqtt5Packets.connect("auth", 60, true, Mqtt5Packets.props()));
      raw.expectConnAck(0);
      raw.send(RawClient.packet(0xF0, new byte[] {0x18, 0x00}));
      assertEquals(0x82, Mqtt5Packets.next(raw, 0xE0).reasonCode());
    }
  }

  @Test
  void silentClientGetsKeepAliveTimeout() throws Exception {
    try (RawClient raw = RawClient.connect(broker.port())) {
      raw.send(Mqtt5Packets.connect("silent5", 1, true, Mqtt5Packets.props()));
      raw.expectConnAck(0);
      assertEquals(0x8D, Mqtt5Packets.next(raw, 0xE0).reasonCode());
    }
  }

  @Test
  void stoppingTheBrokerSendsServerShuttingDown() throws Exception {
    TestBroker other = TestBroker.open();
    try (Paho.V5 client = Paho.v5(other.uri(), "bye")) {
      client.connect(Paho.v5Options("u", "p", true));
      other.close();
      assertEquals(0x8B, client.disconnected.get(10, TimeUnit.SECONDS).getReturnCode());
    }
  }
}
