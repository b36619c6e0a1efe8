package io.mqttbroker.core.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.session.SessionRegistry;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.Received;
import io.mqttbroker.core.testing.TestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code $share/<group>/<filter>}: one member of a group gets each message, for 3.1.1 and 5 clients alike. */
class SharedSubscriptionTest {
  private final TestBroker broker = TestBroker.open();
  private final SessionRegistry sessions = broker.broker().context().sessions();

  @AfterEach
  void stop() {
    broker.close();
  }

  @Test
  void eachMessageGoesToOneOfThreeMembers() throws Exception {
    try (Paho.V5 a = Paho.v5(broker.uri(), "a"); Paho.V5 b = Paho.v5(broker.uri(), "b");
        Paho.V3 c = Paho.v3(broker.uri(), "c").connect(); Paho.V5 all = Paho.v5(broker.uri(), "all");
        Paho.V5 app = Paho.v5(broker.uri(), "app")) {
      a.connect(Paho.v5Options("u", "p", true));
      b.connect(Paho.v5Options("u", "p", true));
      all.connect(Paho.v5Options("u", "p", true));
      a.subscribe("$share/workers/jobs/#", 1);
      b.subscribe("$share/workers/jobs/#", 1);
      c.client.subscribe("$share/workers/jobs/#", 1);
      all.subscribe("jobs/#", 1);
      app.connect(Paho.v5Options("u", "p", true));
      int n = 30;
      for (int i = 0; i < n; i++) {
        app.publish("jobs/" + i, "job" + i, 1, false);
      }
      List<String> allGot = drain(all.received, n);
      assertEquals(n, allGot.size(), "a plain subscription still gets every message");
      Set<String> seen = new HashSet<>();
      int[] counts = new int[3];
      Received[] members = {a.received, b.received, c.received};
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        for (int i = 0; i < 3; i++) {
          while (!members[i].isEmpty()) {
            assertTrue(seen.add(members[i].next().payload()), "delivered once");
            counts[i]++;
          }
        }
        return seen.size() == n;
      });
      for (int count : counts) {
        assertEquals(n / 3, count, "taken in turn");
      }
    }
  }

  @Test
  void memberThatLeavesHandsItsQueuedMessagesToAnother() throws Exception {
    MqttConnectionOptions persistent = Paho.v5Options("u", "p", false);
    persistent.setSessionExpiryInterval(300L);
    try (Paho.V3 leaver = Paho.v3(broker.uri(), "leaver"); Paho.V5 stayer = Paho.v5(broker.uri(), "stayer");
        Paho.V5 app = Paho.v5(broker.uri(), "app")) {
      leaver.connect(Paho.v3Options("u", "p", false));
      leaver.client.subscribe("$share/g/work", 1);
      leaver.disconnect();
      stayer.connect(persistent);
      stayer.subscribe("$share/g/work", 1);
      stayer.disconnect();
      app.connect(Paho.v5Options("u", "p", true));
      for (int i = 0; i < 4; i++) {
        app.publish("work", "w" + i, 1, false);
      }
      // Both members offline: the messages wait in their sessions, two each.
      await().atMost(Duration.ofSeconds(5)).until(() -> sessions.get("leaver").queuedCount() == 2
          && sessions.get("stayer").queuedCount() == 2);
      // The leaver's session ends (clean session): its two messages move to the other member.
      leaver.connect(Paho.v3Options("u", "p", true));
      await().atMost(Duration.ofSeconds(5)).until(() -> sessions.get("stayer").queuedCount() == 4);
      stayer.connect(persistent);
      Set<String> got = new HashSet<>(drain(stayer.received, 4));
      assertEquals(Set.of("w0", "w1", "w2", "w3"), got, "nothing lost");
    }
  }

  @Test
  void unsubscribingMemberHandsOverAndConnectedMembersArePreferred() throws Exception {
    try (Paho.V5 online = Paho.v5(broker.uri(), "online"); Paho.V3 offline = Paho.v3(broker.uri(), "offline");
        Paho.V5 app = Paho.v5(broker.uri(), "app")) {
      offline.connect(Paho.v3Options("u", "p", false));
      offline.client.subscribe("$share/pref/p", 1);
      offline.disconnect();
      online.connect(Paho.v5Options("u", "p", true));
      online.subscribe("$share/pref/p", 1);
      app.connect(Paho.v5Options("u", "p", true));
      for (int i = 0; i < 4; i++) {
        app.publish("p", "p" + i, 1, false);
      }
      assertEquals(4, drain(online.received, 4).size(), "the connected member takes them all");
      assertEquals(0, sessions.get("offline").queuedCount());
    }
  }

  @Test
  void sharedSubscriptionGetsNoRetainedMessages() throws Exception {
    try (Paho.V5 member = Paho.v5(broker.uri(), "member"); Paho.V5 app = Paho.v5(broker.uri(), "app")) {
      app.connect(Paho.v5Options("u", "p", true));
      app.publish("r/state", "retained", 1, true);
      member.connect(Paho.v5Options("u", "p", true));
      member.subscribe("$share/g/r/#", 1);
      app.publish("r/state", "live", 1, false);
      assertEquals("live", member.received.next().payload());
    }
  }

  private static List<String> drain(Received received, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(received.next().payload());
    }
    return out;
  }
}
