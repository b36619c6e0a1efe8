package io.mqttbroker.server.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.Received.Msg;
import io.mqttbroker.server.testing.RunningBroker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PUBLISH and SUBSCRIBE of custom-mode clients against the running broker (AUTH-SPEC.md sections 5 and 7). Most tests
 * use {@code on-deny=reject} so that one connection can be asked many questions (MQTT 5 answers 0x87 per packet,
 * MQTT 3.1.1 answers SUBACK 0x80 and drops the publish); the default {@code disconnect} is checked on its own broker.
 */
class CustomAuthPermissionTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int NOT_AUTHORIZED = 0x87;

  private static RunningBroker broker;
  private static CustomAuthApi api;

  @BeforeAll
  static void start() {
    broker = RunningBroker.start(Map.of("auth.on-deny", "reject"));
    api = new CustomAuthApi(broker.owner());
    // A listener that may read everything below the test topics, to see what was (not) delivered.
    api.user("listener", "pw", "ORIGIN");
    api.rule("USER", "listener", "#", "SUB", "ALLOW");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void pubSubAndPubSubRulesAllowOnlyTheirOwnActions() throws Exception {
    api.user("acts", "pw", "ORIGIN");
    api.rule("USER", "acts", "acts/pub", "PUB", "ALLOW");
    api.rule("USER", "acts", "acts/sub", "SUB", "ALLOW");
    api.rule("USER", "acts", "acts/both", "PUB_SUB", "ALLOW");
    try (Paho.V5 c = Devices.v5(broker, "acts-1", "acts", "pw")) {
      assertAllowed(publish(c, "acts/pub"));
      assertEquals(NOT_AUTHORIZED, publish(c, "acts/sub"));
      assertAllowed(publish(c, "acts/both"));

      assertEquals(NOT_AUTHORIZED, subscribe(c, "acts/pub"));
      assertEquals(1, subscribe(c, "acts/sub"));
      assertEquals(1, subscribe(c, "acts/both"));
      assertTrue(c.client.isConnected(), "reject keeps the connection");
    }
  }

  @Test
  void aV3ClientGetsSubackFailureAndItsRefusedPublishIsNotDelivered() throws Exception {
    api.user("v3acts", "pw", "ORIGIN");
    api.rule("USER", "v3acts", "v3acts/pub/#", "PUB", "ALLOW");
    try (Paho.V3 c = Devices.v3(broker, "v3acts-1", "v3acts", "pw");
        Paho.V3 listener = Devices.v3(broker, "v3acts-listener", "listener", "pw")) {
      listener.client.subscribe("v3acts/#", 1);
      MqttException refused = assertThrows(MqttException.class, () -> c.client.subscribe("v3acts/pub/x", 1));
      assertEquals(MqttException.REASON_CODE_SUBSCRIBE_FAILED, refused.getReasonCode());

      // PUB on v3acts/pub/# does not cover v3acts/other: acknowledged (3.1.1 has no refusal code) but not routed.
      c.publish("v3acts/other", "dropped", 1, false);
      c.publish("v3acts/pub/x", "routed", 1, false);
      Msg next = listener.received.next(WAIT);
      assertEquals("v3acts/pub/x", next.topic(), () -> "the refused publish was delivered: " + next);
      assertTrue(c.client.isConnected());
    }
  }

  @Test
  void anyMatchingDenyBeatsEveryAllowOfEitherIdentityType() throws Exception {
    api.user("guard", "pw", "ORIGIN");
    api.rule("USER", "guard", "d/#", "PUB_SUB", "ALLOW");
    api.rule("USER", "guard", "d/secret", "PUB", "DENY");
    api.rule("CLIENT", "guard-2", "d/+", "SUB", "DENY");
    api.rule("CLIENT", "guard-3", "e/#", "PUB_SUB", "ALLOW");
    api.rule("USER", "guard", "e/locked", "PUB", "DENY");
    try (Paho.V5 one = Devices.v5(broker, "guard-1", "guard", "pw");
        Paho.V5 two = Devices.v5(broker, "guard-2", "guard", "pw");
        Paho.V5 three = Devices.v5(broker, "guard-3", "guard", "pw")) {
      // USER deny over USER allow, for its action only.
      assertAllowed(publish(one, "d/open"));
      assertEquals(NOT_AUTHORIZED, publish(one, "d/secret"));
      assertEquals(1, subscribe(one, "d/secret"), "the deny is for PUB only");

      // CLIENT deny over USER allow: for guard-2 only, and for every filter that shares a topic with d/+.
      assertEquals(NOT_AUTHORIZED, subscribe(two, "d/x"));
      assertEquals(NOT_AUTHORIZED, subscribe(two, "d/#"));
      assertEquals(1, subscribe(two, "d/x/y"), "d/+ does not match d/x/y, d/# allows it");
      assertAllowed(publish(two, "d/x"));
      assertEquals(1, subscribe(one, "d/x"));

      // USER deny over CLIENT allow.
      assertAllowed(publish(three, "e/a"));
      assertEquals(NOT_AUTHORIZED, publish(three, "e/locked"));
      assertEquals(NOT_AUTHORIZED, publish(one, "e/a"), "guard-3's client rule is not guard-1's");
    }
  }

  @Test
  void aDenyOnPartOfAFilterRefusesTheWiderSubscriptionSoItCannotLeak() throws Exception {
    api.user("leak", "pw", "ORIGIN");
    api.rule("USER", "leak", "leak/#", "SUB", "ALLOW");
    api.rule("USER", "leak", "leak/secret", "SUB", "DENY");
    try (Paho.V5 c = Devices.v5(broker, "leak-1", "leak", "pw")) {
      assertEquals(NOT_AUTHORIZED, subscribe(c, "leak/#"));
      assertEquals(NOT_AUTHORIZED, subscribe(c, "leak/+"));
      assertEquals(1, subscribe(c, "leak/public/#"));
      assertEquals(1, subscribe(c, "leak/secret/below"), "leak/secret does not match leak/secret/below");
    }
  }

  @Test
  void aSingleLevelRuleCoversTopicsAndFiltersOfItsLevelButNotAMultiLevelFilter() throws Exception {
    api.user("wild", "pw", "ORIGIN");
    api.rule("USER", "wild", "a/+", "SUB", "ALLOW");
    api.rule("USER", "wild", "w/#", "SUB", "ALLOW");
    api.rule("USER", "wild", "m/+/t", "PUB", "ALLOW");
    try (Paho.V5 c = Devices.v5(broker, "wild-1", "wild", "pw")) {
      assertEquals(1, subscribe(c, "a/b"));
      assertEquals(1, subscribe(c, "a/+"));
      assertEquals(NOT_AUTHORIZED, subscribe(c, "a/#"), "a/+ does not cover a/#");
      assertEquals(NOT_AUTHORIZED, subscribe(c, "a/b/c"));
      assertEquals(NOT_AUTHORIZED, subscribe(c, "+/b"));
      assertEquals(NOT_AUTHORIZED, subscribe(c, "#"));

      assertEquals(1, subscribe(c, "w/#"));
      assertEquals(1, subscribe(c, "w/x/+"));
      assertEquals(1, subscribe(c, "w"), "w/# also matches w itself");

      assertAllowed(publish(c, "m/1/t"));
      assertEquals(NOT_AUTHORIZED, publish(c, "m/1/2/t"));
      assertEquals(NOT_AUTHORIZED, publish(c, "m/1"));
    }
  }

  @Test
  void withoutAnyRuleEverythingIsRefusedAndOtherIdentitiesRulesDoNotHelp() throws Exception {
    api.user("bare", "pw", "ORIGIN");
    api.user("rich", "pw", "ORIGIN");
    api.rule("USER", "rich", "#", "PUB_SUB", "ALLOW");
    api.rule("CLIENT", "rich-1", "#", "PUB_SUB", "ALLOW");
    try (Paho.V5 c = Devices.v5(broker, "bare-1", "bare", "pw");
        Paho.V3 c3 = Devices.v3(broker, "bare-2", "bare", "pw")) {
      assertEquals(NOT_AUTHORIZED, publish(c, "any/topic"));
      assertEquals(NOT_AUTHORIZED, subscribe(c, "any/topic"));
      MqttException refused = assertThrows(MqttException.class, () -> c3.client.subscribe("any/topic", 0));
      assertEquals(MqttException.REASON_CODE_SUBSCRIBE_FAILED, refused.getReasonCode());
      assertTrue(c.client.isConnected());
      assertTrue(c3.client.isConnected());
    }
  }

  @Test
  void noClientMayPublishToSysEvenWithAnAllowOnEverything() throws Exception {
    api.user("root-ish", "pw", "ORIGIN");
    api.rule("USER", "root-ish", "#", "PUB_SUB", "ALLOW");
    try (Paho.V5 c = Devices.v5(broker, "root-ish-1", "root-ish", "pw")) {
      assertAllowed(publish(c, "plain/topic"));
      assertEquals(NOT_AUTHORIZED, publish(c, "$SYS/broker/fake"));
    }
  }

  @Test
  void withTheDefaultOnDenyAnUnauthorizedPublishOrSubscribeClosesTheConnection() throws Exception {
    try (RunningBroker closing = RunningBroker.start()) {
      CustomAuthApi admin = new CustomAuthApi(closing.owner());
      admin.user("bare", "pw", "ORIGIN");
      admin.rule("USER", "bare", "ok/#", "PUB", "ALLOW");
      try (Paho.V3 v3 = Devices.v3(closing, "bare-3", "bare", "pw");
          Paho.V5 v5 = Devices.v5(closing, "bare-5", "bare", "pw")) {
        v3.publish("ok/1", "fine", 1, false);
        v3.publishExpectingClose("nope/1", Paho.utf8("refused"));
        assertNotNull(v3.lost.get(WAIT.toSeconds(), TimeUnit.SECONDS));

        v5.client.subscribe("ok/#", 1);
        assertEquals(NOT_AUTHORIZED, v5.disconnected.get(WAIT.toSeconds(), TimeUnit.SECONDS).getReturnCode());
      }
    }
  }

  /** The PUBACK reason code of a QoS 1 publish. */
  private static int publish(Paho.V5 client, String topic) throws Exception {
    return client.publish(topic, "x", 1, false).getReasonCodes()[0];
  }

  /** The SUBACK reason code (granted QoS or failure) of a one-filter subscribe at QoS 1. */
  private static int subscribe(Paho.V5 client, String filter) throws Exception {
    return client.subscribe(filter, 1).getReasonCodes()[0];
  }

  /** Success, or 0x10 "no matching subscribers", which is also a success. */
  private static void assertAllowed(int pubackReason) {
    assertNotEquals(NOT_AUTHORIZED, pubackReason);
    assertTrue(pubackReason == 0 || pubackReason == 0x10, "PUBACK reason " + pubackReason);
  }
}
