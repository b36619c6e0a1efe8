package io.mqttbroker.core.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.session.Session;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestBroker;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MQTT 5 message expiry interval: an expired message is never delivered; the remaining interval is forwarded. */
class MessageExpiryTest {
  private final TestBroker broker = TestBroker.open();

  @AfterEach
  void stop() {
    broker.close();
  }

  private static MqttConnectionOptions persistent() {
    MqttConnectionOptions o = Paho.v5Options("u", "p", false);
    o.setSessionExpiryInterval(300L);
    return o;
  }

  private static MqttMessage expiringIn(String payload, long seconds, boolean retained) {
    MqttMessage m = new MqttMessage(Paho.utf8(payload), 1, retained, null);
    MqttProperties props = new MqttProperties();
    props.setMessageExpiryInterval(seconds);
    m.setProperties(props);
    return m;
  }

  private static void waitUntil(long epochMillis) {
    // A deadline, not a sleep: the condition is the clock itself.
    await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() >= epochMillis);
  }

  @Test
  void messageQueuedForAnOfflineClientIsNotDeliveredAfterItExpired() throws Exception {
    try (Paho.V5 device = Paho.v5(broker.uri(), "offline"); Paho.V5 app = Paho.v5(broker.uri(), "app")) {
      device.connect(persistent());
      device.subscribe("exp/#", 1);
      device.disconnect();
      app.connect(Paho.v5Options("u", "p", true));
      app.client.publish("exp/short", expiringIn("one second", 1, false)).waitForCompletion(5000);
      long publishedAt = System.currentTimeMillis();
      app.publish("exp/long", "no expiry", 1, false);
      Session session = broker.broker().context().sessions().get("offline");
      await().atMost(Duration.ofSeconds(5)).until(() -> session.queuedCount() == 2);
      waitUntil(publishedAt + 2000);
      device.connect(persistent());
      assertEquals("exp/long", device.received.next().topic(), "the expired message is skipped");
      assertEquals(1, session.expiredMessages());
    }
  }

  @Test
  void subscriberGetsTheIntervalThatRemains() throws Exception {
    try (Paho.V5 device = Paho.v5(broker.uri(), "later"); Paho.V5 app = Paho.v5(broker.uri(), "app")) {
      device.connect(persistent());
      device.subscribe("rem/#", 1);
      device.disconnect();
      app.connect(Paho.v5Options("u", "p", true));
      app.client.publish("rem/1", expiringIn("sixty", 60, false)).waitForCompletion(5000);
      waitUntil(System.currentTimeMillis() + 1100);
      device.connect(persistent());
      Paho.Arrived arrived = device.nextArrived();
      long remaining = arrived.message().getProperties().getMessageExpiryInterval();
      assertTrue(remaining > 0 && remaining < 60, "remaining interval " + remaining);
    }
  }

  @Test
  void expiredRetainedMessageIsNotSentToNewSubscribers() throws Exception {
    try (Paho.V5 app = Paho.v5(broker.uri(), "app"); Paho.V5 late = Paho.v5(broker.uri(), "late")) {
      app.connect(Paho.v5Options("u", "p", true));
      app.client.publish("ret/short", expiringIn("short", 1, true)).waitForCompletion(5000);
      long publishedAt = System.currentTimeMillis();
      app.publish("ret/keep", "keep", 1, true);
      assertEquals(2, broker.broker().context().router().retained().matching("ret/#").size());
      waitUntil(publishedAt + 2000);
      late.connect(Paho.v5Options("u", "p", true));
      late.subscribe("ret/#", 1);
      assertEquals("keep", late.received.next().payload());
      assertEquals(1, broker.broker().context().router().retained().matching("ret/#").size(),
          "the expired one was dropped");
      late.received.assertNoneWithin(Duration.ofMillis(300));
    }
  }
}
