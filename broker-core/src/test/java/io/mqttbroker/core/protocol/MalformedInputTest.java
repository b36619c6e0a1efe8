package io.mqttbroker.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestBroker;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Malformed and hostile input closes the offending connection and nothing else. */
class MalformedInputTest {
  private final TestBroker broker = TestBroker.open(BrokerOptions.builder().maxPacketSize(1024).build());

  @AfterEach
  void stop() {
    broker.close();
  }

  /** After each bad client, a well-behaved one still works end to end. */
  private void brokerStillServes() throws Exception {
    try (Paho.V3 c = Paho.v3(broker.uri(), "healthy").connect()) {
      c.client.subscribe("ok", 1);
      c.publish("ok", "fine", 1, false);
      assertEquals("fine", c.received.next().payload());
    }
  }

  @Test
  void badRemainingLengthClosesTheConnection() throws Exception {
    try (RawClient raw = RawClient.connect(broker.port())) {
      raw.send(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01});
      assertTrue(raw.closedByServer());
    }
    brokerStillServes();
  }

  @Test
  void secondConnectClosesTheConnection() throws Exception {
    try (RawClient raw = RawClient.connect(broker.port())) {
      raw.send(RawClient.connectPacket("twice", null, null, 60));
      raw.expectConnAck(0);
      raw.send(RawClient.connectPacket("twice", null, null, 60));
      assertTrue(raw.closedByServer());
    }
    brokerStillServes();
  }

  @Test
  void publishBeforeConnectClosesTheConnection() throws Exception {
    try (RawClient raw = RawClient.connect(broker.port())) {
      raw.send(RawClient.publishPacket("a/b", "early"));
      assertTrue(raw.closedByServer());
    }
    brokerStillServes();
  }

  @Test
  void invalidUtf8TopicClosesTheConnection() throws Exception {
    try (RawClient raw = RawClient.connect(broker.port())) {
      raw.send(RawClient.connectPacket("utf8", null, null, 60));
      raw.expectConnAck(0);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.write(0);
      body.write(3);
      body.writeBytes(new byte[] {'a', (byte) 0xC3, (byte) 0x28}); // 0xC3 0x28 is not valid UTF-8
      body.writeBytes("payload".getBytes());
      raw.send(RawClient.packet(0x30, body.toByteArray()));
      assertTrue(raw.closedByServer());
    }
    brokerStillServes();
  }

  @Test
  void unsupportedProtocolVersionGetsConnackOne() throws Exception {
    try (RawClient raw = RawClient.connect(broker.port())) {
      byte[] connect = RawClient.connectPacket("v9", null, null, 60);
      connect[8] = 9; // protocol level byte after the length, "MQTT"
      raw.send(connect);
      raw.expectConnAck(1);
      assertTrue(raw.closedByServer());
    }
    brokerStillServes();
  }

  @Test
  void oversizePacketClosesTheConnection() throws Exception {
    try (RawClient raw = RawClient.connect(broker.port())) {
      raw.send(RawClient.connectPacket("big", null, null, 60));
      raw.expectConnAck(0);
      raw.send(RawClient.publishPacket("a", "x".repeat(4096)));
      assertTrue(raw.closedByServer());
    }
    brokerStillServes();
  }

  @Test
  void oversizePacketGivesV5DisconnectPacketTooLarge() throws Exception {
    try (Paho.V5 big = Paho.v5(broker.uri(), "big5")) {
      big.connect(Paho.v5Options("u", "p", true));
      big.client.publish("a", new byte[4096], 0, false);
      assertEquals(0x95, big.disconnected.get(5, TimeUnit.SECONDS).getReturnCode());
    }
    brokerStillServes();
  }

  @Test
  void overLongTopicIsRefused() throws Exception {
    String longTopic = "t/".repeat(40) + "x"; // 41 levels, more than the default 32
    try (Paho.V3 c = Paho.v3(broker.uri(), "long").connect()) {
      MqttException e = assertThrows(MqttException.class, () -> c.client.subscribe(longTopic, 1));
      assertEquals(MqttException.REASON_CODE_SUBSCRIBE_FAILED, e.getReasonCode());
      c.publishExpectingClose(longTopic, Paho.utf8("x"));
      assertTrue(c.lost.get(5, TimeUnit.SECONDS) != null);
    }
    brokerStillServes();
  }

  @Test
  void connectionsOverTheLimitAreRefusedAsServerUnavailable() throws Exception {
    try (TestBroker small = TestBroker.open(BrokerOptions.builder().maxConnections(2).build());
        Paho.V3 a = Paho.v3(small.uri(), "a").connect(); Paho.V3 b = Paho.v3(small.uri(), "b").connect();
        Paho.V3 c = Paho.v3(small.uri(), "c")) {
      MqttException e = assertThrows(MqttException.class, c::connect);
      assertEquals(3, e.getReasonCode());
      assertTrue(a.client.isConnected() && b.client.isConnected());
    }
  }

  @Test
  void aClientThatNeverSendsConnectIsClosed() throws Exception {
    try (TestBroker quick = TestBroker.open(
        BrokerOptions.builder().connectTimeout(java.time.Duration.ofMillis(300)).build());
        RawClient raw = RawClient.connect(quick.port())) {
      assertTrue(raw.closedByServer());
    }
  }
}
