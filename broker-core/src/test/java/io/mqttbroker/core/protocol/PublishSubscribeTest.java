package io.mqttbroker.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.Received.Msg;
import io.mqttbroker.core.testing.TestBroker;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublishSubscribeTest {
  private final TestBroker broker = TestBroker.open();

  @AfterEach
  void stop() {
    broker.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void v3ClientsExchangeMessagesAtEachQos(int qos) throws Exception {
    try (Paho.V3 sub = Paho.v3(broker.uri(), "sub").connect(); Paho.V3 pub = Paho.v3(broker.uri(), "pub").connect()) {
      sub.client.subscribe("sensors/+/temp", qos);
      pub.publish("sensors/1/temp", "21.5", qos, false);
      Msg m = sub.received.next();
      assertEquals("sensors/1/temp", m.topic());
      assertEquals("21.5", m.payload());
      assertEquals(qos, m.qos());
      assertFalse(m.retained());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void v5ClientsExchangeMessagesAtEachQos(int qos) throws Exception {
    try (Paho.V5 sub = Paho.v5(broker.uri(), "sub5"); Paho.V5 pub = Paho.v5(broker.uri(), "pub5")) {
      sub.connect(Paho.v5Options("u", "p", true));
      pub.connect(Paho.v5Options("u", "p", true));
      IMqttToken subToken = sub.subscribe("a/#", qos);
      assertEquals(qos, subToken.getReasonCodes()[0]);
      pub.publish("a/b/c", "hello", qos, false);
      Msg m = sub.received.next();
      assertEquals("a/b/c", m.topic());
      assertEquals("hello", m.payload());
      assertEquals(qos, m.qos());
    }
  }

  @Test
  void v3AndV5ClientsInteroperate() throws Exception {
    try (Paho.V3 v3 = Paho.v3(broker.uri(), "old").connect(); Paho.V5 v5 = Paho.v5(broker.uri(), "new")) {
      v5.connect(Paho.v5Options("u", "p", true));
      v3.client.subscribe("x", 2);
      v5.subscribe("y", 2);
      v5.publish("x", "to-v3", 2, false);
      v3.publish("y", "to-v5", 2, false);
      assertEquals("to-v3", v3.received.next().payload());
      assertEquals("to-v5", v5.received.next().payload());
    }
  }

  @Test
  void subscriptionQosDowngradesDelivery() throws Exception {
    try (Paho.V3 sub = Paho.v3(broker.uri(), "sub").connect(); Paho.V3 pub = Paho.v3(broker.uri(), "pub").connect()) {
      sub.client.subscribe("q", 1);
      pub.publish("q", "two", 2, false);
      assertEquals(1, sub.received.next().qos());
      sub.client.subscribe("z", 2);
      pub.publish("z", "zero", 0, false);
      assertEquals(0, sub.received.next().qos());
    }
  }

  @Test
  void overlappingSubscriptionsDeliverOnceAtTheHighestQos() throws Exception {
    try (Paho.V3 sub = Paho.v3(broker.uri(), "sub").connect(); Paho.V3 pub = Paho.v3(broker.uri(), "pub").connect()) {
      sub.client.subscribe(new String[] {"a/#", "a/+", "a/b"}, new int[] {0, 2, 1});
      pub.publish("a/b", "once", 2, false);
      pub.publish("a/b", "marker", 2, false);
      Msg first = sub.received.next();
      assertEquals("once", first.payload());
      assertEquals(2, first.qos());
      assertEquals("marker", sub.received.next().payload());
      assertTrue(sub.received.isEmpty());
    }
  }

  @Test
  void wildcardsDoNotMatchDollarTopics() throws Exception {
    try (Paho.V3 sub = Paho.v3(broker.uri(), "sub").connect(); Paho.V3 pub = Paho.v3(broker.uri(), "pub").connect()) {
      sub.client.subscribe("#", 1);
      sub.client.subscribe("$app/#", 1);
      pub.publish("$app/x", "dollar", 1, false);
      pub.publish("plain", "plain", 1, false);
      Set<String> got = new HashSet<>();
      got.add(sub.received.next().payload());
      got.add(sub.received.next().payload());
      assertEquals(Set.of("dollar", "plain"), got);
      assertTrue(sub.received.isEmpty());
    }
  }

  @Test
  void unsubscribeStopsDelivery() throws Exception {
    try (Paho.V3 sub = Paho.v3(broker.uri(), "sub").connect(); Paho.V3 pub = Paho.v3(broker.uri(), "pub").connect()) {
      sub.client.subscribe("u/1", 1);
      sub.client.subscribe("u/2", 1);
      sub.client.unsubscribe("u/1");
      pub.publish("u/1", "gone", 1, false);
      pub.publish("u/2", "kept", 1, false);
      assertEquals("kept", sub.received.next().payload());
      sub.received.assertNoneWithin(Duration.ofMillis(100));
    }
  }

  @Test
  void manyMessagesArriveInOrderThroughTheInflightWindow() throws Exception {
    try (Paho.V3 sub = Paho.v3(broker.uri(), "sub").connect(); Paho.V3 pub = Paho.v3(broker.uri(), "pub").connect()) {
      sub.client.subscribe("seq", 1);
      for (int i = 0; i < 300; i++) {
        pub.publish("seq", Integer.toString(i), 1, false);
      }
      for (int i = 0; i < 300; i++) {
        assertEquals(Integer.toString(i), sub.received.next().payload());
      }
    }
  }
}
