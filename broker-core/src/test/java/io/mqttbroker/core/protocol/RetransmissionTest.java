package io.mqttbroker.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An unacknowledged QoS 1 message is sent again, with DUP set, when a persistent session reconnects. */
class RetransmissionTest {
  private final TestBroker broker = TestBroker.open();

  @AfterEach
  void stop() {
    broker.close();
  }

  @Test
  void unacknowledgedMessageIsResentWithDupOnReconnect() throws Exception {
    int packetId;
    try (RawClient device = RawClient.connect(broker.port())) {
      device.send(RawClient.connectPacket("resend", null, null, 60, false));
      device.expectConnAck(0);
      device.send(RawClient.subscribePacket(1, "r/#", 1));
      assertEquals(0x90, device.readPacket()[0]);
      try (Paho.V3 app = Paho.v3(broker.uri(), "app").connect()) {
        app.publish("r/1", "payload", 1, false);
      }
      int[] first = device.readPacket();
      assertEquals(0x32, first[0], "QoS 1 PUBLISH without DUP");
      packetId = packetIdOf(first);
    } // dropped without PUBACK
    try (RawClient device = RawClient.connect(broker.port())) {
      device.send(RawClient.connectPacket("resend", null, null, 60, false));
      int[] connack = device.readPacket();
      assertEquals(0x20, connack[0]);
      assertEquals(1, connack[1], "session present");
      int[] again = device.readPacket();
      assertEquals(0x3A, again[0], "QoS 1 PUBLISH with DUP");
      assertEquals(packetId, packetIdOf(again));
      device.send(RawClient.pubAckPacket(packetId));
    }
    // Acknowledged now: a third connection gets nothing resent before a fresh message.
    try (RawClient device = RawClient.connect(broker.port()); Paho.V3 app = Paho.v3(broker.uri(), "app2").connect()) {
      device.send(RawClient.connectPacket("resend", null, null, 60, false));
      int[] connack = device.readPacket();
      assertEquals(1, connack[1], "session present");
      assertEquals(0, connack[2], "accepted");
      app.publish("r/2", "next", 1, false);
      int[] next = device.readPacket();
      assertEquals(0x32, next[0]);
      assertEquals("r/2", topicOf(next));
    }
  }

  private static int packetIdOf(int[] publish) {
    int topicLength = (publish[1] << 8) | publish[2];
    return (publish[3 + topicLength] << 8) | publish[4 + topicLength];
  }

  private static String topicOf(int[] publish) {
    int topicLength = (publish[1] << 8) | publish[2];
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < topicLength; i++) {
      sb.append((char) publish[3 + i]);
    }
    return sb.toString();
  }
}
