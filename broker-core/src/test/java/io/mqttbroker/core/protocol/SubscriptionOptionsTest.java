package io.mqttbroker.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestBroker;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MQTT 5 subscription identifiers and subscription options: no local, retain as published, retain handling. */
class SubscriptionOptionsTest {
  private final TestBroker broker = TestBroker.open();

  @AfterEach
  void stop() {
    broker.close();
  }

  private Paho.V5 connected(String clientId) throws Exception {
    Paho.V5 client = Paho.v5(broker.uri(), clientId);
    client.connect(Paho.v5Options("u", "p", true));
    return client;
  }

  private static void subscribe(Paho.V5 client, MqttSubscription sub, Integer subscriptionId) throws Exception {
    MqttProperties props = new MqttProperties();
    if (subscriptionId != null) {
      props.setSubscriptionIdentifier(subscriptionId);
    }
    client.client.subscribe(new MqttSubscription[] {sub}, null, null, props).waitForCompletion(5000);
  }

  private static MqttSubscription sub(String filter, int retainHandling) {
    MqttSubscription s = new MqttSubscription(filter, 1);
    s.setRetainHandling(retainHandling);
    return s;
  }

  @Test
  void messageCarriesTheIdentifiersOfEveryMatchingSubscription() throws Exception {
    try (Paho.V5 client = connected("ids"); Paho.V5 app = connected("app")) {
      subscribe(client, new MqttSubscription("ids/+", 1), 7);
      subscribe(client, new MqttSubscription("ids/#", 1), 42);
      app.publish("ids/x", "x", 1, false);
      Paho.Arrived arrived = client.nextArrived();
      assertEquals(List.of(7, 42), arrived.message().getProperties().getSubscriptionIdentifiers().stream().sorted()
          .toList(), "one copy, both identifiers");
      client.received.next();
      client.received.assertNoneWithin(Duration.ofMillis(200));
    }
  }

  @Test
  void noLocalKeepsAClientsOwnMessagesFromIt() throws Exception {
    try (Paho.V5 client = connected("self"); Paho.V5 other = connected("other")) {
      MqttSubscription s = new MqttSubscription("chat/#", 1);
      s.setNoLocal(true);
      subscribe(client, s, null);
      client.publish("chat/1", "mine", 1, false);
      other.publish("chat/1", "theirs", 1, false);
      assertEquals("theirs", client.received.next().payload(), "its own message never arrives");
    }
  }

  @Test
  void retainAsPublishedKeepsTheRetainFlagOnForwardedMessages() throws Exception {
    try (Paho.V5 keeps = connected("keeps"); Paho.V5 plain = connected("plain"); Paho.V5 app = connected("app")) {
      MqttSubscription rap = new MqttSubscription("rap/#", 1);
      rap.setRetainAsPublished(true);
      subscribe(keeps, rap, null);
      subscribe(plain, new MqttSubscription("rap/#", 1), null);
      app.publish("rap/1", "r", 1, true);
      assertTrue(keeps.received.next().retained());
      assertFalse(plain.received.next().retained());
    }
  }

  @Test
  void retainHandlingDecidesWhetherRetainedMessagesAreSentAtSubscribe() throws Exception {
    try (Paho.V5 app = connected("app"); Paho.V5 h0 = connected("h0"); Paho.V5 h1 = connected("h1");
        Paho.V5 h2 = connected("h2")) {
      app.publish("rh/state", "on", 1, true);
      subscribe(h0, sub("rh/#", 0), null);
      subscribe(h1, sub("rh/#", 1), null);
      subscribe(h2, sub("rh/#", 2), null);
      assertTrue(h0.received.next().retained(), "0: sent at subscribe");
      assertTrue(h1.received.next().retained(), "1: sent for a new subscription");
      // Subscribing again: handling 0 sends again, 1 does not (the subscription exists), 2 never does.
      subscribe(h0, sub("rh/#", 0), null);
      subscribe(h1, sub("rh/#", 1), null);
      assertTrue(h0.received.next().retained());
      app.publish("rh/marker", "m", 1, false);
      assertEquals("m", h1.received.next().payload(), "1: nothing before the live message");
      assertEquals("m", h2.received.next().payload(), "2: nothing before the live message");
    }
  }
}
