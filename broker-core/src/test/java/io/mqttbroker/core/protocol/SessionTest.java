package io.mqttbroker.core.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestBroker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionTest {
  private final TestBroker broker = TestBroker.open(
      io.mqttbroker.core.BrokerOptions.builder().maxQueuedMessages(5).build());

  @AfterEach
  void stop() {
    broker.close();
  }

  @Test
  void secondConnectionWithTheSameClientIdTakesOver() throws Exception {
    try (Paho.V3 first = Paho.v3(broker.uri(), "dup").connect(); Paho.V3 second = Paho.v3(broker.uri(), "dup")) {
      second.connect();
      Throwable cause = first.lost.get(5, TimeUnit.SECONDS);
      assertTrue(cause != null);
      assertTrue(second.client.isConnected());
      second.client.subscribe("t", 1);
      second.publish("t", "still works", 1, false);
      assertEquals("still works", second.received.next().payload());
    }
  }

  @Test
  void v5TakeoverSendsDisconnectWithReasonSessionTakenOver() throws Exception {
    try (Paho.V5 first = Paho.v5(broker.uri(), "dup5"); Paho.V5 second = Paho.v5(broker.uri(), "dup5")) {
      first.connect(Paho.v5Options("u", "p", true));
      second.connect(Paho.v5Options("u", "p", true));
      assertEquals(0x8E, first.disconnected.get(5, TimeUnit.SECONDS).getReturnCode());
    }
  }

  @Test
  void persistentSessionKeepsSubscriptionsAndQueuedMessages() throws Exception {
    MqttConnectOptions persistent = Paho.v3Options("u", "p", false);
    try (Paho.V3 device = Paho.v3(broker.uri(), "device")) {
      device.connect(persistent);
      device.client.subscribe("cmd/#", 1);
      device.disconnect();
      try (Paho.V3 app = Paho.v3(broker.uri(), "app").connect()) {
        app.publish("cmd/1", "one", 1, false);
        app.publish("cmd/2", "two", 2, false);
        app.publish("cmd/0", "zero", 0, false);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().context().sessions().get("device")
          .queuedCount() == 2);
      device.client.connect(persistent);
      assertEquals("one", device.received.next().payload());
      assertEquals("two", device.received.next().payload());
      // QoS 0 is not queued for offline sessions.
      device.received.assertNoneWithin(Duration.ofMillis(200));
    }
  }

  @Test
  void offlineQueueIsBounded() throws Exception {
    MqttConnectOptions persistent = Paho.v3Options("u", "p", false);
    try (Paho.V3 device = Paho.v3(broker.uri(), "bounded")) {
      device.connect(persistent);
      device.client.subscribe("q", 1);
      device.disconnect();
      try (Paho.V3 app = Paho.v3(broker.uri(), "app").connect()) {
        for (int i = 0; i < 20; i++) {
          app.publish("q", "m" + i, 1, false);
        }
      }
      var session = broker.broker().context().sessions().get("bounded");
      await().atMost(Duration.ofSeconds(5)).until(() -> session.droppedMessages() == 15);
      assertEquals(5, session.queuedCount());
      device.client.connect(persistent);
      for (int i = 0; i < 5; i++) {
        assertEquals("m" + i, device.received.next().payload());
      }
    }
  }

  @Test
  void cleanSessionDiscardsThePreviousSession() throws Exception {
    try (Paho.V3 device = Paho.v3(broker.uri(), "cleaner")) {
      device.connect(Paho.v3Options("u", "p", false));
      device.client.subscribe("c", 1);
      device.disconnect();
      device.connect(Paho.v3Options("u", "p", true));
      try (Paho.V3 app = Paho.v3(broker.uri(), "app").connect()) {
        app.client.subscribe("c", 1);
        app.publish("c", "x", 1, false);
        assertEquals("x", app.received.next().payload());
      }
      device.received.assertNoneWithin(Duration.ofMillis(200));
    }
  }

  @Test
  void v5EmptyClientIdGetsAnAssignedIdentifier() throws Exception {
    try (Paho.V5 client = Paho.v5(broker.uri(), "")) {
      var token = client.connect(Paho.v5Options("u", "p", true));
      String assigned = token.getResponseProperties().getAssignedClientIdentifier();
      assertTrue(assigned != null && !assigned.isEmpty());
      assertTrue(broker.broker().connection(assigned).isPresent());
    }
  }

  @Test
  void v5SessionExpiryZeroEndsTheSessionAtDisconnect() throws Exception {
    try (Paho.V5 client = Paho.v5(broker.uri(), "short")) {
      MqttConnectionOptions o = Paho.v5Options("u", "p", false);
      o.setSessionExpiryInterval(0L);
      client.connect(o);
      client.subscribe("s", 1);
      client.disconnect();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().context().sessions().get("short") == null);
    // A new Paho client for the same id: reconnecting the one just disconnected races with its closing socket.
    try (Paho.V5 again = Paho.v5(broker.uri(), "short")) {
      MqttConnectionOptions keep = Paho.v5Options("u", "p", false);
      keep.setSessionExpiryInterval(3600L);
      var token = again.connect(keep);
      assertFalse(token.getSessionPresent());
    }
  }

  @Test
  void keepAliveExpiryClosesASilentClient() throws Exception {
    try (RawClient raw = RawClient.connect(broker.port())) {
      raw.send(RawClient.connectPacket("silent", null, null, 1));
      raw.expectConnAck(0);
      // The broker must close after 1.5 x 1 s without any packet; the socket read times out after 5 s otherwise.
      assertTrue(raw.closedByServer());
    }
  }
}
