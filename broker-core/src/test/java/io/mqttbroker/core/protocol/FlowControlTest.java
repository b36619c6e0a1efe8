package io.mqttbroker.core.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.core.session.Session;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestBroker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MQTT 5 receive maximum in both directions, and the maximum packet size the client accepts. */
class FlowControlTest {
  private final TestBroker broker = TestBroker.open(BrokerOptions.builder().maxInflight(3).build());

  @AfterEach
  void stop() {
    broker.close();
  }

  @Test
  void connackAdvertisesTheBrokersLimits() throws Exception {
    try (Paho.V5 client = Paho.v5(broker.uri(), "limits")) {
      var props = client.connect(Paho.v5Options("u", "p", true)).getResponseProperties();
      assertEquals(3, props.getReceiveMaximum());
      assertEquals(BrokerOptions.defaults().maxPacketSize(), props.getMaximumPacketSize());
    }
  }

  @Test
  void outboundWindowIsTheClientsReceiveMaximum() throws Exception {
    try (RawClient sub = RawClient.connect(broker.port()); Paho.V5 app = Paho.v5(broker.uri(), "app")) {
      sub.send(Mqtt5Packets.connect("slow", 60, true,
          Mqtt5Packets.props().twoByte(Mqtt5Packets.RECEIVE_MAXIMUM, 2)));
      sub.expectConnAck(0);
      sub.send(Mqtt5Packets.subscribe(1, "flow/#", 1));
      Mqtt5Packets.next(sub, 0x90);
      app.connect(Paho.v5Options("u", "p", true));
      for (int i = 0; i < 5; i++) {
        app.publish("flow/" + i, "m" + i, 1, false);
      }
      Session session = broker.broker().context().sessions().get("slow");
      await().atMost(Duration.ofSeconds(5)).until(() -> session.inflightCount() == 2 && session.queuedCount() == 3);
      Mqtt5Packets.Publish first = Mqtt5Packets.next(sub, 0x30).asPublish();
      assertEquals("m0", first.payload());
      assertEquals("m1", Mqtt5Packets.next(sub, 0x30).asPublish().payload());
      sub.send(Mqtt5Packets.pubAck(first.packetId()));
      assertEquals("m2", Mqtt5Packets.next(sub, 0x30).asPublish().payload(), "one acknowledged, one more sent");
      await().atMost(Duration.ofSeconds(5)).until(() -> session.inflightCount() == 2 && session.queuedCount() == 2);
    }
  }

  @Test
  void moreUnacknowledgedPublishesThanTheReceiveMaximumAreDisconnected() throws Exception {
    try (RawClient pub = RawClient.connect(broker.port())) {
      pub.send(Mqtt5Packets.connect("flood", 60, true, Mqtt5Packets.props()));
      pub.expectConnAck(0);
      // QoS 2 without PUBREL: each one stays unacknowledged.
      for (int id = 1; id <= 3; id++) {
        pub.send(Mqtt5Packets.publish("q2", 2, id, Mqtt5Packets.props(), "x"));
        assertEquals(0x50, Mqtt5Packets.next(pub, 0x50).type(), "PUBREC");
      }
      pub.send(Mqtt5Packets.publish("q2", 2, 4, Mqtt5Packets.props(), "x"));
      assertEquals(0x93, Mqtt5Packets.next(pub, 0xE0).reasonCode(), "receive maximum exceeded");
    }
  }

  @Test
  void packetLargerThanTheClientsMaximumIsNotSentAndCountsAsDelivered() throws Exception {
    try (Paho.V5 small = Paho.v5(broker.uri(), "small"); Paho.V5 app = Paho.v5(broker.uri(), "app")) {
      var options = Paho.v5Options("u", "p", true);
      options.setMaximumPacketSize(128L);
      small.connect(options);
      small.subscribe("size/#", 1);
      app.connect(Paho.v5Options("u", "p", true));
      app.publish("size/big", "x".repeat(500), 1, false);
      app.publish("size/small", "fits", 1, false);
      assertEquals("fits", small.received.next().payload());
      Session session = broker.broker().context().sessions().get("small");
      await().atMost(Duration.ofSeconds(5)).until(() -> session.inflightCount() == 0);
      assertEquals(true, small.client.isConnected());
    }
  }
}
