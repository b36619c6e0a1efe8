package io.mqttbroker.server.signature;

import static io.mqttbroker.server.signature.SignatureKit.allow;
import static io.mqttbroker.server.signature.SignatureKit.clientId;
import static io.mqttbroker.server.signature.SignatureKit.create;
import static io.mqttbroker.server.signature.SignatureKit.deny;
import static io.mqttbroker.server.signature.SignatureKit.expectClosed;
import static io.mqttbroker.server.signature.SignatureKit.expectDisconnect;
import static io.mqttbroker.server.signature.SignatureKit.next;
import static io.mqttbroker.server.signature.SignatureKit.observer;
import static io.mqttbroker.server.signature.SignatureKit.publishDenied;
import static io.mqttbroker.server.signature.SignatureKit.setPolicies;
import static io.mqttbroker.server.signature.SignatureKit.username;
import static io.mqttbroker.server.signature.SignatureKit.v3;
import static io.mqttbroker.server.signature.SignatureKit.v3Refusal;
import static io.mqttbroker.server.signature.SignatureKit.v5;
import static io.mqttbroker.server.signature.SignatureKit.v5Refusal;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.Received;
import io.mqttbroker.server.signature.SignatureKit.Key;
import io.mqttbroker.server.testing.AdminClient;
import io.mqttbroker.server.testing.Passwords;
import io.mqttbroker.server.testing.RunningBroker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * Signature mode end to end (AUTH-SPEC sections 2, 6 and 7) against the whole running broker with real Paho v3 and v5
 * clients: an access key created over the admin API, the signature password, what its policies let the client do,
 * what the broker does on a deny, and how policy changes and deletions reach live sessions. Each subclass runs all of
 * it on one credential store (embedded H2, PostgreSQL).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SignatureScenarios {
  RunningBroker broker;
  AdminClient owner;

  /** Settings for a fresh, empty credential store (called once per broker started). */
  abstract Map<String, String> freshStore();

  @BeforeAll
  void startBroker() {
    broker = RunningBroker.start(freshStore());
    owner = broker.owner();
  }

  @AfterAll
  void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aKeyConnectsWithV3AndV5AndPublishesAndSubscribesWhereItsPoliciesAllow() throws Exception {
    Key key = create(owner, allow("mq:PUB,mq:SUB", "topic/room/#"));
    try (Paho.V3 sensor = v3(broker, key, clientId("sensor"));
        Paho.V5 panel = v5(broker, key, clientId("panel"))) {
      sensor.client.subscribe("room/+/cmd", 1);
      assertEquals(1, panel.subscribe("room/#", 1).getReasonCodes()[0]);

      panel.publish("room/1/cmd", "on", 1, false);
      Received.Msg cmd = next(sensor.received);
      assertEquals("room/1/cmd", cmd.topic());
      assertEquals("on", cmd.payload());
      assertEquals("on", next(panel.received).payload());

      sensor.publish("room/1/temp", "21.5", 1, false);
      assertEquals("21.5", next(panel.received).payload());
      assertTrue(sensor.client.isConnected());
      assertTrue(panel.client.isConnected());
    }
  }

  @Test
  void theOwnerKeyMayPublishAndSubscribeAnywhere() throws Exception {
    Key ownerKey = new Key(RunningBroker.OWNER_ID, RunningBroker.OWNER_SECRET);
    try (Paho.V5 c = v5(broker, ownerKey, clientId("owner"))) {
      assertEquals(1, c.subscribe("anything/+/at/#", 1).getReasonCodes()[0]);
      assertEquals(0, c.publish("anything/goes/at/all", "owner", 1, false).getReasonCodes()[0]);
      assertEquals("owner", next(c.received).payload());
    }
  }

  @Test
  void aDeniedPublishClosesTheV3ClientAndIsNotDelivered() throws Exception {
    Key key = create(owner, allow("mq:PUB", "topic/deny/pub/ok"));
    try (Paho.V3 watcher = observer(broker, "deny/pub/#"); Paho.V3 c = v3(broker, key, clientId("deny-pub3"))) {
      c.publish("deny/pub/ok", "fine", 1, false);
      assertEquals("fine", next(watcher.received).payload());
      publishDenied(c, "deny/pub/other");
      // Published after the close: if the refused message had been routed, it would have arrived first.
      watcher.publish("deny/pub/marker", "marker", 1, false);
      assertEquals("marker", next(watcher.received).payload());
    }
  }

  @Test
  void aDeniedSubscribeDisconnectsTheV5ClientWithNotAuthorized() throws Exception {
    Key key = create(owner, allow("mq:SUB", "topic/deny/sub/+/temp"));
    try (Paho.V5 c = v5(broker, key, clientId("deny-sub5"))) {
      assertEquals(1, c.subscribe("deny/sub/1/temp", 1).getReasonCodes()[0]);
      // Wider than the statement: a filter must be covered, not merely overlap.
      c.client.subscribe("deny/sub/#", 1);
      expectDisconnect(c, 0x87);
    }
  }

  @Test
  void aDenyStatementWinsOverAnAllowThatCoversTheSameTopic() throws Exception {
    Key key = create(owner, allow("mq:PUB,mq:SUB", "topic/wins/#"), deny("mq:PUB,mq:SUB", "topic/wins/secret"));
    try (Paho.V5 c = v5(broker, key, clientId("deny-wins"))) {
      assertEquals(1, c.subscribe("wins/public", 1).getReasonCodes()[0]);
      c.publish("wins/public", "open", 1, false);
      assertEquals("open", next(c.received).payload());
      c.client.publish("wins/secret", Paho.utf8("closed"), 1, false);
      expectDisconnect(c, 0x87);
    }
    try (Paho.V3 c = v3(broker, key, clientId("deny-wins3"))) {
      // wins/# would also deliver wins/secret, which is denied: the whole filter is refused.
      assertThrows(MqttException.class, () -> c.client.subscribe("wins/#", 1));
      expectClosed(c);
    }
  }

  @Test
  void aKeyCreatedWithoutPoliciesConnectsButMayDoNothing() throws Exception {
    Key key = create(owner);
    try (Paho.V3 c = v3(broker, key, clientId("nothing"))) {
      publishDenied(c, "any/topic");
    }
    try (Paho.V5 c = v5(broker, key, clientId("nothing5"))) {
      c.client.subscribe("any/topic", 0);
      expectDisconnect(c, 0x87);
    }
  }

  @Test
  void badSignaturesAndUnknownKeysAreBadCredentialsAndAnotherInstanceIsNotAuthorized() throws Exception {
    Key key = create(owner, allow("mq:PUB", "topic/x"));
    String id = clientId("bad");
    String forged = Passwords.signed("not-the-secret", id);
    String ofAnotherClient = Passwords.signed(key.secret(), clientId("other"));
    String right = Passwords.signed(key.secret(), id);
    String unknownKey = username("AKNOSUCHKEY000000000000");

    assertEquals(4, v3Refusal(broker, id, username(key.id()), forged));
    assertEquals(4, v3Refusal(broker, id, username(key.id()), ofAnotherClient));
    assertEquals(4, v3Refusal(broker, id, username(key.id()), null));
    assertEquals(4, v3Refusal(broker, id, unknownKey, right));
    assertEquals(5, v3Refusal(broker, id, username(key.id(), "mqtt-other"), right));

    assertEquals(0x86, v5Refusal(broker, id, username(key.id()), forged));
    assertEquals(0x86, v5Refusal(broker, id, unknownKey, right));
    assertEquals(0x87, v5Refusal(broker, id, username(key.id(), "mqtt-other"), right));

    // The right password still works after all those refusals.
    try (Paho.V3 c = v3(broker, key, id)) {
      assertTrue(c.client.isConnected());
    }
  }

  @Test
  void aGroupDenyTakesEffectOnlyWhenTheClientReconnects() throws Exception {
    Key key = create(owner, allow("mq:PUB,mq:SUB", "topic/grp/#"));
    String device = clientId("GID_sig_deny", "d");
    String other = clientId("GID_sig_ok", "d");
    try (Paho.V3 watcher = observer(broker, "grp/#"); Paho.V5 c = v5(broker, key, device)) {
      c.publish("grp/1", "before", 1, false);
      assertEquals("before", next(watcher.received).payload());

      setPolicies(owner, key, allow("mq:PUB,mq:SUB", "topic/grp/#"), deny("mq:PUB", "group/GID_sig_deny"));
      // Judged at CONNECT only (as in the reference): the live session keeps publishing.
      assertEquals(0, c.publish("grp/1", "still", 1, false).getReasonCodes()[0]);
      assertEquals("still", next(watcher.received).payload());
      assertTrue(c.client.isConnected());
    }
    try (Paho.V5 again = v5(broker, key, device); Paho.V3 otherGroup = v3(broker, key, other)) {
      // The group may still connect and subscribe; only mq:PUB is denied to it.
      assertEquals(1, again.subscribe("grp/+", 1).getReasonCodes()[0]);
      otherGroup.publish("grp/2", "other group", 1, false);
      assertEquals("other group", next(again.received).payload());
      again.client.publish("grp/1", Paho.utf8("after"), 1, false);
      expectDisconnect(again, 0x87);
    }
  }

  @Test
  void groupAllowStatementsScopeAKeyToTheirGroups() throws Exception {
    Key key = create(owner, allow("mq:PUB", "topic/scoped/#"), allow("mq:PUB", "group/GID_sig_in"));
    try (Paho.V3 watcher = observer(broker, "scoped/#");
        Paho.V3 in = v3(broker, key, clientId("GID_sig_in", "d"))) {
      in.publish("scoped/1", "member", 1, false);
      assertEquals("member", next(watcher.received).payload());
    }
    try (Paho.V3 out = v3(broker, key, clientId("GID_sig_out", "d"))) {
      publishDenied(out, "scoped/1");
    }
  }

  @Test
  void narrowerPoliciesApplyAtTheNextPublishWithoutAReconnect() throws Exception {
    Key key = create(owner, allow("mq:PUB", "topic/narrow/#"));
    try (Paho.V3 watcher = observer(broker, "narrow/#"); Paho.V3 c = v3(broker, key, clientId("narrow"))) {
      c.publish("narrow/b", "wide", 1, false);
      assertEquals("wide", next(watcher.received).payload());

      setPolicies(owner, key, allow("mq:PUB", "topic/narrow/a"));
      c.publish("narrow/a", "still allowed", 1, false);
      assertEquals("still allowed", next(watcher.received).payload());
      publishDenied(c, "narrow/b");
      watcher.publish("narrow/marker", "marker", 1, false);
      assertEquals("marker", next(watcher.received).payload());
    }
  }

  @Test
  void narrowerPoliciesRemoveALiveSubscriptionTheyNoLongerCover() throws Exception {
    Key key = create(owner, allow("mq:SUB", "topic/watch/#", "topic/keep/public"));
    try (Paho.V3 publisher = observer(broker); Paho.V5 c = v5(broker, key, clientId("watch"))) {
      c.subscribe("watch/#", 1);
      c.subscribe("keep/public", 1);
      publisher.publish("watch/x", "seen", 1, false);
      assertEquals("seen", next(c.received).payload());

      setPolicies(owner, key, allow("mq:SUB", "topic/keep/public"));
      // The broker re-checks the live subscriptions at once: watch/# goes, keep/public stays, the client stays.
      AtomicInteger round = new AtomicInteger();
      await().atMost(SignatureKit.WAIT).untilAsserted(() -> {
        String marker = "marker-" + round.incrementAndGet();
        publisher.publish("watch/x", "probe", 1, false);
        publisher.publish("keep/public", marker, 1, false);
        List<String> before = new ArrayList<>();
        for (Received.Msg m = next(c.received); !m.payload().equals(marker); m = next(c.received)) {
          before.add(m.payload());
        }
        assertEquals(List.of(), before, "delivered before " + marker);
      });
      assertTrue(c.client.isConnected());
    }
  }

  @Test
  void deletingTheKeyClosesItsLiveSessionsAtOnceAndItsClientsCannotComeBack() throws Exception {
    Key key = create(owner, allow("mq:PUB,mq:SUB", "topic/del/#"));
    Key bystanderKey = create(owner, allow("mq:PUB,mq:SUB", "topic/del/#"));
    String id3 = clientId("del3");
    String id5 = clientId("del5");
    try (Paho.V3 a = v3(broker, key, id3); Paho.V5 b = v5(broker, key, id5);
        Paho.V3 bystander = v3(broker, bystanderKey, clientId("bystander"))) {
      a.client.subscribe("del/#", 1);
      b.publish("del/1", "alive", 1, false);
      assertEquals("alive", next(a.received).payload());

      assertEquals(204, owner.delete("/api/v1/access-keys/" + key.id()).status());
      expectClosed(a);
      expectDisconnect(b, 0x87);
      assertTrue(bystander.client.isConnected(), "a session of another key stays");
    }
    assertEquals(404, owner.get("/api/v1/access-keys/" + key.id()).status());
    assertEquals(4, v3Refusal(broker, id3, username(key.id()), Passwords.signed(key.secret(), id3)));
    assertEquals(0x86, v5Refusal(broker, id5, username(key.id()), Passwords.signed(key.secret(), id5)));
  }

  @Test
  void rejectAnswersEachDeniedPacketAndKeepsTheConnection() throws Exception {
    Map<String, String> settings = new HashMap<>(freshStore());
    settings.put("auth.on-deny", "reject");
    try (RunningBroker rejecting = RunningBroker.start(settings)) {
      Key key = create(rejecting.owner(), allow("mq:PUB,mq:SUB", "topic/rej/ok/#"));
      try (Paho.V3 watcher = observer(rejecting, "rej/#"); Paho.V5 c5 = v5(rejecting, key, clientId("rej5"));
          Paho.V3 c3 = v3(rejecting, key, clientId("rej3"))) {
        assertEquals(0x87, c5.subscribe("rej/no", 1).getReasonCodes()[0]);
        assertEquals(0x87, c5.publish("rej/no", "v5 refused", 1, false).getReasonCodes()[0]);
        assertEquals(1, c5.subscribe("rej/ok/#", 1).getReasonCodes()[0]);

        MqttException suback = assertThrows(MqttException.class, () -> c3.client.subscribe("rej/no", 1));
        assertEquals(MqttException.REASON_CODE_SUBSCRIBE_FAILED, suback.getReasonCode());
        // MQTT 3.1.1 has no negative PUBACK: the publish is acknowledged and dropped.
        c3.publish("rej/no", "v3 refused", 1, false);
        c3.publish("rej/ok/1", "allowed", 1, false);

        assertEquals("allowed", next(watcher.received).payload(), "the refused publishes were not routed");
        assertEquals("allowed", next(c5.received).payload());
        assertTrue(c3.client.isConnected());
        assertTrue(c5.client.isConnected());
      }
    }
  }

  @Test
  void aRestartKeepsEveryKeyWithItsPoliciesAndNoSecretReachesTheLog() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    Map<String, String> store = freshStore();
    List<String> secrets = new ArrayList<>(List.of(RunningBroker.OWNER_SECRET));
    if (!store.getOrDefault("mqtt.store.password", "").isEmpty()) {
      secrets.add(store.get("mqtt.store.password"));
    }
    try (RunningBroker restarted = RunningBroker.start(store)) {
      Key reader = create(restarted.owner(), allow("mq:SUB", "topic/keep/#"));
      Key writer = create(restarted.owner());
      Key gone = create(restarted.owner(), allow("mq:PUB", "topic/keep/#"));
      setPolicies(restarted.owner(), writer, allow("mq:PUB", "topic/keep/w"), deny("mq:PUB", "group/GID_sig_x"));
      assertEquals(204, restarted.owner().delete("/api/v1/access-keys/" + gone.id()).status());
      JsonNode before = restarted.owner().get("/api/v1/access-keys?size=100").body();
      String readerId = clientId("reader");
      String writerId = clientId("writer");
      secrets.addAll(List.of(reader.secret(), writer.secret(), gone.secret(),
          Passwords.signed(reader.secret(), readerId), Passwords.signed(writer.secret(), writerId)));

      restarted.restart();

      JsonNode after = restarted.owner().get("/api/v1/access-keys?size=100").body();
      assertEquals(before, after);
      assertEquals(3, after.path("total").asInt(), "owner, reader and writer: " + after);
      try (Paho.V3 r = v3(restarted, reader, readerId); Paho.V5 w = v5(restarted, writer, writerId)) {
        r.client.subscribe("keep/#", 1);
        w.publish("keep/w", "kept", 1, false);
        assertEquals("kept", next(r.received).payload());
      }
      String goneId = clientId("gone");
      assertEquals(4, v3Refusal(restarted, goneId, username(gone.id()), Passwords.signed(gone.secret(), goneId)));
    } finally {
      root.detachAppender(log);
    }
    assertFalse(log.list.isEmpty());
    for (ILoggingEvent event : log.list) {
      String line = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
          : event.getThrowableProxy().getMessage());
      for (String secret : secrets) {
        assertFalse(line.contains(secret), "a secret in the log of " + event.getLoggerName() + ": " + line);
      }
    }
  }

  @Test
  void eachKeyHasItsOwnSecretAndOnlyItsSignatureWorks() throws Exception {
    Key a = create(owner, allow("mq:PUB", "topic/own/#"));
    Key b = create(owner, allow("mq:PUB", "topic/own/#"));
    assertNotEquals(a.id(), b.id());
    assertNotEquals(a.secret(), b.secret());
    String id = clientId("own");
    assertEquals(4, v3Refusal(broker, id, username(a.id()), Passwords.signed(b.secret(), id)));
    try (Paho.V3 c = v3(broker, b, id)) {
      assertTrue(c.client.isConnected());
    }
  }
}
