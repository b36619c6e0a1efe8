package io.mqttbroker.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.Received.Msg;
import io.mqttbroker.core.testing.TestBroker;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetainedAndWillTest {
  private final TestBroker broker = TestBroker.open();

  @AfterEach
  void stop() {
    broker.close();
  }

  @Test
  void retainedMessageIsSetReplacedAndDeliveredOnSubscribe() throws Exception {
    try (Paho.V3 pub = Paho.v3(broker.uri(), "pub").connect()) {
      pub.publish("status/door", "open", 1, true);
      pub.publish("status/door", "closed", 1, true);
      pub.publish("status/window", "open", 0, true);
    }
    try (Paho.V3 sub = Paho.v3(broker.uri(), "sub").connect()) {
      sub.client.subscribe("status/door", 1);
      Msg m = sub.received.next();
      assertEquals("closed", m.payload());
      assertTrue(m.retained());
      assertEquals(1, m.qos());
      sub.client.subscribe("status/+", 2);
      // Both retained messages match the wildcard; the window one was published at QoS 0.
      Msg a = sub.received.next();
      Msg b = sub.received.next();
      assertEquals(java.util.Set.of("closed", "open"), java.util.Set.of(a.payload(), b.payload()));
    }
  }

  @Test
  void emptyRetainedPayloadClearsTheTopic() throws Exception {
    try (Paho.V3 pub = Paho.v3(broker.uri(), "pub").connect()) {
      pub.publish("r/clear", "x", 1, true);
      pub.client.publish("r/clear", new byte[0], 1, true);
      pub.publish("r/keep", "kept", 1, true);
    }
    try (Paho.V3 sub = Paho.v3(broker.uri(), "sub").connect()) {
      sub.client.subscribe("r/#", 1);
      assertEquals("kept", sub.received.next().payload());
      sub.received.assertNoneWithin(Duration.ofMillis(200));
    }
  }

  @Test
  void liveDeliveryOfARetainedPublishHasRetainFlagCleared() throws Exception {
    try (Paho.V3 sub = Paho.v3(broker.uri(), "sub").connect(); Paho.V3 pub = Paho.v3(broker.uri(), "pub").connect()) {
      sub.client.subscribe("live", 1);
      pub.publish("live", "now", 1, true);
      assertEquals(false, sub.received.next().retained());
    }
  }

  @Test
  void willIsSentWhenTheConnectionDropsAbnormally() throws Exception {
    try (Paho.V3 watcher = Paho.v3(broker.uri(), "watcher").connect()) {
      watcher.client.subscribe("wills/#", 1);
      try (RawClient raw = RawClient.connect(broker.port())) {
        raw.send(RawClient.connectPacket("dying", "wills/dying", "gone", 60));
        raw.expectConnAck(0);
      } // closed without DISCONNECT
      Msg m = watcher.received.next();
      assertEquals("wills/dying", m.topic());
      assertEquals("gone", m.payload());
    }
  }

  @Test
  void willIsNotSentAfterDisconnect() throws Exception {
    try (Paho.V3 watcher = Paho.v3(broker.uri(), "watcher").connect()) {
      watcher.client.subscribe("wills/#", 1);
      Paho.V3 polite = Paho.v3(broker.uri(), "polite");
      MqttConnectOptions options = Paho.v3Options("u", "p", true);
      options.setWill("wills/polite", Paho.utf8("gone"), 1, false);
      polite.connect(options);
      polite.close();
      try (Paho.V3 marker = Paho.v3(broker.uri(), "marker").connect()) {
        marker.publish("wills/marker", "after", 1, false);
      }
      assertEquals("after", watcher.received.next().payload());
      watcher.received.assertNoneWithin(Duration.ofMillis(200));
    }
  }
}
