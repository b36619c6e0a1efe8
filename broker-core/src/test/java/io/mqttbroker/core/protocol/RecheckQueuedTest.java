package io.mqttbroker.core.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.AuthorizationRequest;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.security.spi.Authorizer;
import io.mqttbroker.core.session.Session;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestAuthenticators;
import io.mqttbroker.core.testing.TestBroker;
import io.mqttbroker.core.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A live RECHECK that removes a subscription also drops what was queued for it behind the in-flight window. */
class RecheckQueuedTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private volatile boolean secretsAllowed = true;
  private final Authorizer rights = new Authorizer() {
    @Override
    public String name() {
      return "rights";
    }

    @Override
    public CompletionStage<AuthorizationResult> authorize(AuthorizationRequest r) {
      boolean secret = r.action() == Action.SUBSCRIBE && Topics.intersects(r.topic(), "sec/#");
      return CompletableFuture.completedFuture(
          secret && !secretsAllowed ? AuthorizationResult.DENY : AuthorizationResult.ALLOW);
    }
  };
  private final TestBroker broker = new TestBroker(BrokerOptions.builder().maxInflight(1).build(),
      List.of(TestAuthenticators.allowing()), List.of(rights), Duration.ofSeconds(5));

  @AfterEach
  void stop() {
    broker.close();
  }

  @Test
  void queuedMessagesOfARevokedSubscriptionAreNotDelivered() throws Exception {
    try (RawClient sub = RawClient.connect(broker.port()); Paho.V3 pub = Paho.v3(broker.uri(), "pub")) {
      sub.send(RawClient.connectPacket("reader", null, null, 60));
      sub.expectConnAck(0);
      sub.send(RawClient.subscribePacket(1, "sec/#", 1));
      assertEquals(0x90, sub.readPacket()[0]);
      sub.send(RawClient.subscribePacket(2, "keep/#", 1));
      assertEquals(0x90, sub.readPacket()[0]);
      pub.connect();
      pub.publish("sec/1", "s1", 1, false);
      pub.publish("sec/2", "s2", 1, false);
      pub.publish("keep/1", "k1", 1, false);
      Session session = broker.broker().context().sessions().get("reader");
      await().atMost(WAIT).until(() -> session.inflightCount() == 1 && session.queuedCount() == 2);
      int[] first = sub.readPacket();
      assertEquals("s1", qos1Payload(first, "sec/1"));

      secretsAllowed = false;
      broker.revocations().publish(Revocation.recheck("clientId:reader", "rights narrowed"));
      await().atMost(WAIT).until(() -> !session.subscriptions().containsKey("sec/#") && session.queuedCount() == 1);

      sub.send(RawClient.pubAckPacket((first[1 + 2 + 5] << 8) | first[1 + 2 + 5 + 1]));
      assertEquals("k1", qos1Payload(sub.readPacket(), "keep/1"), "sec/2 was dropped with its subscription");
    }
  }

  /** The payload of a QoS 1 PUBLISH on {@code topic} read by {@link RawClient#readPacket()}. */
  private static String qos1Payload(int[] packet, String topic) {
    assertEquals(0x32, packet[0] & 0xf6, "a QoS 1 PUBLISH");
    int start = 1 + 2 + topic.getBytes(StandardCharsets.UTF_8).length + 2;
    byte[] payload = new byte[packet.length - start];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) packet[start + i];
    }
    return new String(payload, StandardCharsets.UTF_8);
  }
}
