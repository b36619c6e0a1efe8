package io.mqttbroker.server.custom;

import static io.mqttbroker.server.custom.Devices.v3Refusal;
import static io.mqttbroker.server.custom.Devices.v5Refusal;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.session.Session;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.Received.Msg;
import io.mqttbroker.server.testing.Passwords;
import io.mqttbroker.server.testing.RunningBroker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Admin changes acting on live sessions (AUTH-SPEC.md section 5, ARCHITECTURE.md "revocation bus"), with the default
 * {@code on-deny=disconnect}: blacklisting kicks at once, deleting or changing an identity closes the sessions it let
 * in, a narrowed permission applies to the next PUBLISH/SUBSCRIBE, and a subscription the rules no longer allow stops
 * receiving while its client stays connected.
 */
class CustomAuthLiveChangesTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static RunningBroker broker;
  private static CustomAuthApi api;

  @BeforeAll
  static void start() {
    broker = RunningBroker.start();
    api = new CustomAuthApi(broker.owner());
    // One publisher for every test: it may publish anywhere.
    api.user("publisher", "pub-pw", "ORIGIN");
    api.rule("USER", "publisher", "#", "PUB", "ALLOW");
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void blacklistingAConnectedClientClosesItAtOnceAndKeepsItOut() throws Exception {
    api.user("kick", "pw", "ORIGIN");
    api.rule("USER", "kick", "kick/#", "PUB_SUB", "ALLOW");
    try (Paho.V3 v3 = Devices.v3(broker, "kick-3", "kick", "pw");
        Paho.V5 v5 = Devices.v5(broker, "kick-5", "kick", "pw");
        Paho.V3 bystander = Devices.v3(broker, "kick-other", "kick", "pw")) {
      api.blacklist("kick-3");
      assertNotNull(v3.lost.get(WAIT.toSeconds(), TimeUnit.SECONDS));

      api.blacklist("kick-5");
      assertEquals(0x87, v5.disconnected.get(WAIT.toSeconds(), TimeUnit.SECONDS).getReturnCode());

      assertEquals(5, v3Refusal(broker, "kick-3", "kick", "pw"));
      assertEquals(0x8A, v5Refusal(broker, "kick-5", "kick", "pw"));
      // Every close was queued before the admin call answered, so a round trip now proves the bystander was spared.
      bystander.client.publish("kick/alive", Paho.utf8("yes"), 1, false);
      assertTrue(bystander.client.isConnected());
    }
  }

  @Test
  void deletingAUserIdentityClosesTheSessionsItAdmittedAndNoOthers() throws Exception {
    api.user("team", "user-pw", "ORIGIN");
    api.client("team", "team-special", "client-pw", "ORIGIN");
    api.rule("USER", "team", "team/#", "PUB_SUB", "ALLOW");
    try (Paho.V3 a = Devices.v3(broker, "team-a", "team", "user-pw");
        Paho.V5 b = Devices.v5(broker, "team-b", "team", "user-pw");
        Paho.V3 special = Devices.v3(broker, "team-special", "team", "client-pw")) {
      api.deleteUser("team");

      assertNotNull(a.lost.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertEquals(0x87, b.disconnected.get(WAIT.toSeconds(), TimeUnit.SECONDS).getReturnCode());
      // The CLIENT identity of the same username still stands, and so does the session it let in.
      special.client.publish("team/alive", Paho.utf8("yes"), 1, false);
      assertTrue(special.client.isConnected());
      assertEquals(5, v3Refusal(broker, "team-a", "team", "user-pw"));

      api.deleteClient("team", "team-special");
      assertNotNull(special.lost.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertEquals(0x87, v5Refusal(broker, "team-special", "team", "client-pw"));
    }
  }

  @Test
  void deletingAClientIdentityClosesOnlyTheSessionItAdmitted() throws Exception {
    api.user("crew", "user-pw", "ORIGIN");
    api.user("crew-other", "other-pw", "ORIGIN");
    api.client("crew", "crew-1", "client-pw", "ORIGIN");
    api.rule("USER", "crew-other", "crew/#", "PUB", "ALLOW");
    try (Paho.V5 one = Devices.v5(broker, "crew-1", "crew", "client-pw")) {
      api.deleteClient("crew", "crew-1");
      assertEquals(0x87, one.disconnected.get(WAIT.toSeconds(), TimeUnit.SECONDS).getReturnCode());
    }
    // The same client id let in by another username's USER identity is not that CLIENT identity's session.
    api.client("crew", "crew-1", "client-pw", "ORIGIN");
    try (Paho.V3 viaOther = Devices.v3(broker, "crew-1", "crew-other", "other-pw")) {
      api.deleteClient("crew", "crew-1");
      viaOther.client.publish("crew/alive", Paho.utf8("yes"), 1, false);
      assertTrue(viaOther.client.isConnected());
    }
  }

  @Test
  void changingTheSecretOfAnIdentityClosesItsSessionsAndOnlyTheNewSecretWorks() throws Exception {
    api.user("rotate", "old-secret", "SIGNED");
    try (Paho.V5 device = Devices.v5(broker, "rotate-1", "rotate", Passwords.signed("old-secret", "rotate-1"))) {
      api.updateUser("rotate", "new-pw", "ORIGIN");
      assertEquals(0x87, device.disconnected.get(WAIT.toSeconds(), TimeUnit.SECONDS).getReturnCode());
    }
    assertEquals(0x86, v5Refusal(broker, "rotate-1", "rotate", Passwords.signed("old-secret", "rotate-1")));
    try (Paho.V3 again = Devices.v3(broker, "rotate-1", "rotate", "new-pw")) {
      assertTrue(again.client.isConnected());
    }
  }

  @Test
  void aNarrowedPublishPermissionAppliesToTheNextPublishWithoutReconnect() throws Exception {
    api.user("narrow", "pw", "ORIGIN");
    api.rule("USER", "narrow", "narrow/#", "PUB_SUB", "ALLOW");
    try (Paho.V3 device = Devices.v3(broker, "narrow-1", "narrow", "pw")) {
      device.client.subscribe("narrow/echo", 1);
      device.publish("narrow/echo", "before", 1, false);
      assertEquals("before", device.received.next(WAIT).payload());

      // PUB_SUB -> SUB: the same connection may still subscribe, but its next PUBLISH is refused (disconnect).
      api.changeRule("USER", "narrow", "narrow/#", "SUB", "ALLOW");
      device.client.subscribe("narrow/other", 1);
      device.publishExpectingClose("narrow/echo", Paho.utf8("after"));
      assertNotNull(device.lost.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }
  }

  @Test
  void aWidenedPermissionAppliesToTheNextSubscribeWithoutReconnect() throws Exception {
    api.user("widen", "pw", "ORIGIN");
    api.rule("USER", "widen", "widen/a", "SUB", "ALLOW");
    try (Paho.V5 device = Devices.v5(broker, "widen-1", "widen", "pw");
        Paho.V3 publisher = Devices.v3(broker, "widen-pub", "publisher", "pub-pw")) {
      device.subscribe("widen/a", 1);
      api.rule("CLIENT", "widen-1", "widen/b/#", "SUB", "ALLOW");
      assertEquals(1, device.subscribe("widen/b/#", 1).getGrantedQos()[0]);
      publisher.publish("widen/b/c", "new rule", 1, false);
      assertEquals("new rule", device.received.next(WAIT).payload());

      // A DENY for the client id beats the USER ALLOW at the next SUBSCRIBE: refused, and on-deny closes.
      api.rule("CLIENT", "widen-1", "widen/a", "SUB", "DENY");
      device.client.subscribe("widen/a", 1);
      assertEquals(0x87, device.disconnected.get(WAIT.toSeconds(), TimeUnit.SECONDS).getReturnCode());
    }
  }

  @Test
  void aSubscriptionWhoseRuleIsDeletedStopsReceivingWhileTheClientStaysConnected() throws Exception {
    api.user("watcher", "pw", "ORIGIN");
    api.rule("USER", "watcher", "feed/#", "SUB", "ALLOW");
    api.rule("USER", "watcher", "keep/#", "SUB", "ALLOW");
    try (Paho.V3 watcher = Devices.v3(broker, "watcher-1", "watcher", "pw");
        Paho.V3 publisher = Devices.v3(broker, "watcher-pub", "publisher", "pub-pw")) {
      watcher.client.subscribe(new String[] {"feed/#", "keep/#"}, new int[] {1, 1});
      publisher.publish("feed/1", "one", 1, false);
      assertEquals("one", watcher.received.next(WAIT).payload());

      api.deleteRule("USER", "watcher", "feed/#");

      awaitSubscriptionGone("watcher-1", "feed/#");
      assertOnlyTheMarkerArrives(publisher, watcher.received, "feed/2", "keep/1");
      assertTrue(watcher.client.isConnected());
    }
  }

  @Test
  void aSubscriptionWhoseRuleIsNarrowedOrOverriddenByADenyStopsReceiving() throws Exception {
    api.user("reader", "pw", "ORIGIN");
    api.rule("USER", "reader", "news/#", "PUB_SUB", "ALLOW");
    api.rule("USER", "reader", "sport/+", "SUB", "ALLOW");
    api.rule("USER", "reader", "keep/#", "SUB", "ALLOW");
    try (Paho.V5 reader = Devices.v5(broker, "reader-1", "reader", "pw");
        Paho.V3 publisher = Devices.v3(broker, "reader-pub", "publisher", "pub-pw")) {
      reader.subscribe("news/#", 1);
      reader.subscribe("sport/+", 1);
      reader.subscribe("keep/#", 1);
      publisher.publish("news/a", "n1", 1, false);
      assertEquals("n1", reader.received.next(WAIT).payload());

      // The action narrowed from PUB_SUB to PUB: news/# may no longer be read.
      api.changeRule("USER", "reader", "news/#", "PUB", "ALLOW");
      awaitSubscriptionGone("reader-1", "news/#");
      assertOnlyTheMarkerArrives(publisher, reader.received, "news/b", "keep/1");

      // A DENY for the client id on one topic of the subscription beats the USER ALLOW it was granted under: the
      // whole subscription goes, or it would go on delivering sport/secret.
      publisher.publish("sport/x", "s1", 1, false);
      assertEquals("s1", reader.received.next(WAIT).payload());
      api.rule("CLIENT", "reader-1", "sport/secret", "SUB", "DENY");
      awaitSubscriptionGone("reader-1", "sport/+");
      assertOnlyTheMarkerArrives(publisher, reader.received, "sport/secret", "keep/2");
      assertTrue(reader.client.isConnected());
    }
  }

  @Test
  void aPersistentSessionThatComesBackAfterItsRuleWasDeletedNoLongerReceives() throws Exception {
    api.user("sleeper", "pw", "ORIGIN");
    api.rule("USER", "sleeper", "dream/#", "SUB", "ALLOW");
    api.rule("USER", "sleeper", "keep/#", "SUB", "ALLOW");
    try (Paho.V3 sleeper = Paho.v3(broker.mqttUri(), "sleeper-1");
        Paho.V3 publisher = Devices.v3(broker, "sleeper-pub", "publisher", "pub-pw")) {
      sleeper.connect(Paho.v3Options("sleeper", "pw", false));
      sleeper.client.subscribe(new String[] {"dream/#", "keep/#"}, new int[] {1, 1});
      sleeper.disconnect();
      // Queued for the offline session while both subscriptions were still allowed.
      publisher.publish("dream/queued", "d0", 1, false);
      publisher.publish("keep/queued", "k0", 1, false);
      Session offline = broker.app().broker().context().sessions().get("sleeper-1");
      await().atMost(WAIT).until(() -> offline.queuedCount() == 2);

      // Revoked while no connection was there to re-check: the broker must judge the kept subscriptions on resume,
      // and not deliver what was queued for the one it removes.
      api.deleteRule("USER", "sleeper", "dream/#");
      sleeper.connect(Paho.v3Options("sleeper", "pw", false));
      awaitSubscriptionGone("sleeper-1", "dream/#");
      assertEquals("k0", sleeper.received.next(WAIT).payload());
      assertOnlyTheMarkerArrives(publisher, sleeper.received, "dream/1", "keep/1");
    }
  }

  /** Waits until the broker has dropped the subscription (the RECHECK runs on the client's own event loop). */
  private static void awaitSubscriptionGone(String clientId, String filter) {
    await().atMost(WAIT).until(() -> {
      Session session = broker.app().broker().context().sessions().get(clientId);
      return session != null && !session.subscriptions().containsKey(filter);
    });
  }

  /**
   * Publishes to the revoked topic, then a marker to a topic still allowed: one publisher, one subscriber, QoS 1, so
   * the marker arriving first and alone proves the revoked message was not delivered.
   */
  private static void assertOnlyTheMarkerArrives(Paho.V3 publisher, io.mqttbroker.core.testing.Received received,
      String revokedTopic, String markerTopic) throws Exception {
    publisher.publish(revokedTopic, "must not arrive", 1, false);
    publisher.publish(markerTopic, "marker", 1, false);
    Msg next = received.next(WAIT);
    assertEquals(markerTopic, next.topic(), () -> "received " + next + " before the marker");
    received.assertNoneWithin(Duration.ofMillis(200));
  }
}
