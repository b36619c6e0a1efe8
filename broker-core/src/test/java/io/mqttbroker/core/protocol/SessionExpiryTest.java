package io.mqttbroker.core.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.session.SessionRegistry;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestBroker;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MQTT 5 session expiry interval: a detached session lives exactly as long as the client asked, also at runtime. */
class SessionExpiryTest {
  private final TestBroker broker = TestBroker.open();
  private final SessionRegistry sessions = broker.broker().context().sessions();

  @AfterEach
  void stop() {
    broker.close();
  }

  private static MqttConnectionOptions expiringAfter(long seconds) {
    MqttConnectionOptions o = Paho.v5Options("u", "p", false);
    o.setSessionExpiryInterval(seconds);
    return o;
  }

  @Test
  void sessionIsRemovedWhenItsExpiryIntervalElapses() throws Exception {
    try (Paho.V5 client = Paho.v5(broker.uri(), "expiring")) {
      client.connect(expiringAfter(1));
      client.subscribe("exp/#", 1);
      client.disconnect();
      assertNotNull(sessions.get("expiring"), "the session outlives the connection");
      await().atMost(Duration.ofSeconds(10)).until(() -> sessions.get("expiring") == null);
      assertFalse(client.connect(expiringAfter(60)).getSessionPresent());
    }
  }

  @Test
  void sessionResumedWithinItsIntervalKeepsSubscriptionsAndQueuedMessages() throws Exception {
    try (Paho.V5 device = Paho.v5(broker.uri(), "keeper"); Paho.V5 app = Paho.v5(broker.uri(), "app")) {
      device.connect(expiringAfter(60));
      device.subscribe("keep/#", 1);
      device.disconnect();
      app.connect(Paho.v5Options("u", "p", true));
      app.publish("keep/1", "while away", 1, false);
      await().atMost(Duration.ofSeconds(5)).until(() -> sessions.get("keeper").queuedCount() == 1);
      assertTrue(device.connect(expiringAfter(60)).getSessionPresent());
      assertEquals("while away", device.received.next().payload());
    }
  }

  @Test
  void disconnectCanShortenTheInterval() throws Exception {
    try (Paho.V5 client = Paho.v5(broker.uri(), "shortened")) {
      client.connect(expiringAfter(3600));
      MqttProperties props = new MqttProperties();
      props.setSessionExpiryInterval(0L);
      client.client.disconnect(1000, null, null, 0, props).waitForCompletion(5000);
      await().atMost(Duration.ofSeconds(5)).until(() -> sessions.get("shortened") == null);
    }
  }

  @Test
  void disconnectCannotExtendAnIntervalOfZero() throws Exception {
    try (RawClient raw = RawClient.connect(broker.port())) {
      raw.send(Mqtt5Packets.connect("zero", 60, true, Mqtt5Packets.props()));
      raw.expectConnAck(0);
      raw.send(Mqtt5Packets.disconnect(0, Mqtt5Packets.props().fourByte(Mqtt5Packets.SESSION_EXPIRY, 60)));
      assertEquals(0x82, Mqtt5Packets.next(raw, 0xE0).reasonCode(), "DISCONNECT protocol error");
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> sessions.get("zero") == null);
  }
}
