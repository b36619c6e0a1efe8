package io.mqttbroker.core.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.mqttbroker.core.protocol.Mqtt5Packets.Publish;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestBroker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MQTT 5 topic aliases in both directions, within the maximum each side allows. */
class TopicAliasTest {
  private final TestBroker broker = TestBroker.open();

  @AfterEach
  void stop() {
    broker.close();
  }

  private RawClient rawClient(String clientId, Mqtt5Packets.Props props) throws Exception {
    RawClient raw = RawClient.connect(broker.port());
    raw.send(Mqtt5Packets.connect(clientId, 60, true, props));
    raw.expectConnAck(0);
    return raw;
  }

  @Test
  void connackAdvertisesTheTopicAliasMaximum() throws Exception {
    try (Paho.V5 client = Paho.v5(broker.uri(), "adv")) {
      var token = client.connect(Paho.v5Options("u", "p", true));
      assertEquals(16, token.getResponseProperties().getTopicAliasMaximum());
    }
  }

  @Test
  void inboundAliasStandsForTheTopicItWasSetWith() throws Exception {
    try (Paho.V5 sub = Paho.v5(broker.uri(), "sub"); RawClient pub = rawClient("pub", Mqtt5Packets.props())) {
      sub.connect(Paho.v5Options("u", "p", true));
      sub.subscribe("alias/#", 0);
      pub.send(Mqtt5Packets.publish("alias/long/topic", 0, 0, Mqtt5Packets.props().twoByte(Mqtt5Packets.TOPIC_ALIAS, 3),
          "first"));
      pub.send(Mqtt5Packets.publish("", 0, 0, Mqtt5Packets.props().twoByte(Mqtt5Packets.TOPIC_ALIAS, 3), "second"));
      assertEquals(new Msg("alias/long/topic", "first"), Msg.of(sub.received.next()));
      assertEquals(new Msg("alias/long/topic", "second"), Msg.of(sub.received.next()));
    }
  }

  @Test
  void aliasAboveTheMaximumIsDisconnectedAsTopicAliasInvalid() throws Exception {
    try (RawClient pub = rawClient("over", Mqtt5Packets.props())) {
      pub.send(Mqtt5Packets.publish("a", 0, 0, Mqtt5Packets.props().twoByte(Mqtt5Packets.TOPIC_ALIAS, 17), "x"));
      assertEquals(0x94, Mqtt5Packets.next(pub, 0xE0).reasonCode());
    }
  }

  @Test
  void aliasNeverSetIsAProtocolError() throws Exception {
    try (RawClient pub = rawClient("unset", Mqtt5Packets.props())) {
      pub.send(Mqtt5Packets.publish("", 0, 0, Mqtt5Packets.props().twoByte(Mqtt5Packets.TOPIC_ALIAS, 2), "x"));
      assertEquals(0x82, Mqtt5Packets.next(pub, 0xE0).reasonCode());
    }
  }

  @Test
  void outboundAliasesStayWithinTheClientsMaximum() throws Exception {
    try (RawClient sub = rawClient("aliased", Mqtt5Packets.props().twoByte(Mqtt5Packets.TOPIC_ALIAS_MAXIMUM, 1));
        Paho.V5 app = Paho.v5(broker.uri(), "app")) {
      sub.send(Mqtt5Packets.subscribe(1, "out/#", 0));
      Mqtt5Packets.next(sub, 0x90);
      app.connect(Paho.v5Options("u", "p", true));
      for (String topic : new String[] {"out/a", "out/a", "out/b", "out/b"}) {
        app.publish(topic, topic, 0, false);
      }
      Publish first = Mqtt5Packets.next(sub, 0x30).asPublish();
      Publish second = Mqtt5Packets.next(sub, 0x30).asPublish();
      Publish third = Mqtt5Packets.next(sub, 0x30).asPublish();
      Publish fourth = Mqtt5Packets.next(sub, 0x30).asPublish();
      assertEquals("out/a", first.topic());
      assertEquals(1, first.property(Mqtt5Packets.TOPIC_ALIAS));
      assertEquals("", second.topic(), "the alias alone");
      assertEquals(1, second.property(Mqtt5Packets.TOPIC_ALIAS));
      assertEquals("out/a", second.payload());
      assertEquals("out/b", third.topic(), "the one alias allowed is taken");
      assertNull(third.property(Mqtt5Packets.TOPIC_ALIAS));
      assertEquals("out/b", fourth.topic());
    }
  }

  @Test
  void clientThatAllowsNoAliasesGetsFullTopics() throws Exception {
    try (RawClient sub = rawClient("plain", Mqtt5Packets.props()); Paho.V5 app = Paho.v5(broker.uri(), "app")) {
      sub.send(Mqtt5Packets.subscribe(1, "full/#", 0));
      Mqtt5Packets.next(sub, 0x90);
      app.connect(Paho.v5Options("u", "p", true));
      app.publish("full/x", "1", 0, false);
      app.publish("full/x", "2", 0, false);
      for (int i = 0; i < 2; i++) {
        Publish p = Mqtt5Packets.next(sub, 0x30).asPublish();
        assertEquals("full/x", p.topic());
        assertNull(p.property(Mqtt5Packets.TOPIC_ALIAS));
      }
    }
  }

  @Test
  void pahoPublisherUsesTheAdvertisedAliases() throws Exception {
    // Paho 1.2.5 sets aliases on what it publishes when the broker allows them, but cannot resolve aliases it
    // receives (it takes the empty topic for a new one), so the outbound direction is checked with the raw client.
    try (Paho.V5 sub = Paho.v5(broker.uri(), "pahoSub"); Paho.V5 pub = Paho.v5(broker.uri(), "pahoPub")) {
      sub.connect(Paho.v5Options("u", "p", true));
      sub.subscribe("both/#", 1);
      pub.connect(Paho.v5Options("u", "p", true));
      for (int i = 0; i < 5; i++) {
        pub.publish("both/topic", "m" + i, 1, false);
      }
      for (int i = 0; i < 5; i++) {
        assertEquals(new Msg("both/topic", "m" + i), Msg.of(sub.received.next()));
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> broker.broker().context().sessions().get("pahoSub")
          .inflightCount() == 0);
    }
  }

  private record Msg(String topic, String payload) {
    static Msg of(io.mqttbroker.core.testing.Received.Msg m) {
      return new Msg(m.topic(), m.payload());
    }
  }
}
