package io.mqttbroker.server.signature;

import static io.mqttbroker.server.signature.SignatureKit.allow;
import static io.mqttbroker.server.signature.SignatureKit.clientId;
import static io.mqttbroker.server.signature.SignatureKit.deny;
import static io.mqttbroker.server.signature.SignatureKit.next;
import static io.mqttbroker.server.signature.SignatureKit.policies;
import static io.mqttbroker.server.signature.SignatureKit.username;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.server.signature.SignatureKit.Key;
import io.mqttbroker.server.testing.AdminClient;
import io.mqttbroker.server.testing.ChildBroker;
import io.mqttbroker.server.testing.Passwords;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "kill -9 after a 201 answer loses nothing": the broker runs as its own process (the shaded jar when built, else
 * BrokerMain on the test class path), is killed with SIGKILL right after the admin API confirms a change, and started
 * again on the same data directory: every confirmed key is there, with its policies, and works for CONNECT.
 */
class KillAfterCreateTest {
  private static final int KEYS = 5;

  @Test
  void keysConfirmedWith201SurviveAKillMinus9AndWorkForConnect(@TempDir Path dataDir) throws Exception {
    List<Key> keys = new ArrayList<>();
    List<JsonNode> confirmed = new ArrayList<>();
    try (ChildBroker first = ChildBroker.start(dataDir, Map.of())) {
      AdminClient owner = first.owner();
      for (int i = 0; i < KEYS; i++) {
        ObjectNode body = SignatureKit.JSON.createObjectNode().put("description", "crash " + i);
        body.putArray("policies").add(allow("mq:PUB,mq:SUB", "topic/crash/" + i + "/#"));
        AdminClient.Answer created = owner.post("/api/v1/access-keys", body.toString());
        assertEquals(201, created.status(), created.raw());
        keys.add(new Key(created.text("accessKeyId"), created.text("accessKeySecret")));
        confirmed.add(created.body().path("policies"));
      }
      first.kill();
    }

    // A policy change confirmed with 200, then killed again.
    try (ChildBroker second = ChildBroker.start(dataDir, Map.of())) {
      AdminClient.Answer changed = second.owner().put("/api/v1/access-keys/" + keys.get(0).id() + "/policies",
          policies(allow("mq:PUB,mq:SUB", "topic/crash/0/#"), deny("mq:PUB", "topic/crash/0/locked")));
      assertEquals(200, changed.status(), changed.raw());
      confirmed.set(0, changed.body().path("policies"));
      second.kill();
    }

    try (ChildBroker third = ChildBroker.start(dataDir, Map.of())) {
      for (int i = 0; i < KEYS; i++) {
        AdminClient.Answer got = third.owner().get("/api/v1/access-keys/" + keys.get(i).id());
        assertEquals(200, got.status(), "key " + i + " lost: " + got.raw());
        assertEquals(confirmed.get(i), got.body().path("policies"));
      }
      for (int i = 0; i < KEYS; i++) {
        String id = clientId("crash" + i);
        try (Paho.V3 c = Paho.v3(third.mqttUri(), id)) {
          c.connect(Paho.v3Options(username(keys.get(i).id()), Passwords.signed(keys.get(i).secret(), id), true));
          c.client.subscribe("crash/" + i + "/#", 1);
          c.publish("crash/" + i + "/x", "back", 1, false);
          assertEquals("back", next(c.received).payload());
        }
      }
      assertTrue(third.isAlive());
    }
  }
}
