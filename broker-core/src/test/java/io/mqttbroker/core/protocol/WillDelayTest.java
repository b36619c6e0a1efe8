package io.mqttbroker.core.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestBroker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MQTT 5 will delay interval: the will waits, is dropped when the client comes back, goes out when the session ends. */
class WillDelayTest {
  private final TestBroker broker = TestBroker.open();

  @AfterEach
  void stop() {
    broker.close();
  }

  private Paho.V5 watcher() throws Exception {
    Paho.V5 w = Paho.v5(broker.uri(), "watcher");
    w.connect(Paho.v5Options("u", "p", true));
    w.subscribe("wills/#", 1);
    return w;
  }

  /** Connects with a will, then drops the socket without DISCONNECT. */
  private void connectAndDrop(String clientId, long sessionExpiry, long willDelay) throws Exception {
    try (RawClient raw = RawClient.connect(broker.port())) {
      raw.send(Mqtt5Packets.connect(clientId, 60, false,
          Mqtt5Packets.props().fourByte(Mqtt5Packets.SESSION_EXPIRY, sessionExpiry), "wills/" + clientId,
          Mqtt5Packets.props().fourByte(Mqtt5Packets.WILL_DELAY, willDelay)));
      raw.expectConnAck(0);
    }
  }

  @Test
  void willWaitsForItsDelay() throws Exception {
    try (Paho.V5 watcher = watcher()) {
      long droppedAt = System.currentTimeMillis();
      connectAndDrop("delayed", 60, 1);
      assertEquals("wills/delayed", watcher.received.next().topic());
      assertTrue(System.currentTimeMillis() - droppedAt >= 900, "not before the delay");
    }
  }

  @Test
  void clientBackWithinTheDelayCancelsTheWill() throws Exception {
    try (Paho.V5 watcher = watcher(); Paho.V5 app = Paho.v5(broker.uri(), "app")) {
      connectAndDrop("returning", 60, 30);
      var context = broker.broker().context();
      await().atMost(Duration.ofSeconds(5)).until(() -> context.pendingWills() == 1);
      try (Paho.V5 back = Paho.v5(broker.uri(), "returning")) {
        var options = Paho.v5Options("u", "p", false);
        options.setSessionExpiryInterval(60L);
        assertTrue(back.connect(options).getSessionPresent());
        assertEquals(0, context.pendingWills());
      }
      app.connect(Paho.v5Options("u", "p", true));
      app.publish("wills/marker", "m", 1, false);
      assertEquals("wills/marker", watcher.received.next().topic(), "no will before the marker");
    }
  }

  @Test
  void willGoesOutWhenTheSessionEndsBeforeTheDelay() throws Exception {
    try (Paho.V5 watcher = watcher()) {
      connectAndDrop("short-session", 1, 600);
      // The session expires after 1 s, long before the 600 s will delay.
      assertEquals("wills/short-session", watcher.received.next(Duration.ofSeconds(10)).topic());
      await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().context().sessions().get("short-session")
          == null);
    }
  }
}
