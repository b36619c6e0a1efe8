package io.mqttbroker.server.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqttbroker.core.session.Session;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.Received;
import io.mqttbroker.core.testing.Received.Msg;
import io.mqttbroker.server.testing.AdminClient;
import io.mqttbroker.server.testing.AdminClient.Answer;
import io.mqttbroker.server.testing.Passwords;
import io.mqttbroker.server.testing.PostgresServer;
import io.mqttbroker.server.testing.RunningBroker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two broker nodes on one PostgreSQL store (same encryption key, same instance): what the admin API of node A takes
 * away acts at once on the clients of node B - closed when their token is revoked, their device credential refreshed,
 * their access key deleted or their client id blacklisted, and refused when they come back with the old credential
 * (B's caches were evicted) - and a custom permission narrowed through A applies to B's next PUBLISH and removes the
 * subscription it no longer allows.
 */
@ExtendWith(PostgresServer.Fixture.class)
class TwoNodeRevocationEndToEndTest {
  private static final Logger LOG = LoggerFactory.getLogger(TwoNodeRevocationEndToEndTest.class);
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INVALID_NOTICE = "$SYS/tokenInvalidNotice";

  private static RunningBroker nodeA;
  private static RunningBroker nodeB;
  private static AdminClient adminA;

  @BeforeAll
  static void start(PostgresServer postgres) {
    Map<String, String> shared = new HashMap<>(postgres.freshStore());
    byte[] key = new byte[32];
    key[0] = 42;
    shared.put("mqtt.store.encryption-key", Base64.getEncoder().encodeToString(key));
    nodeA = RunningBroker.start(shared);
    adminA = nodeA.owner();
    // Custom rules that both nodes know from the start (B loads them when it starts); what changes later reaches B
    // through the relay only.
    expect(201, adminA.post("/api/v1/custom-auth/identities", identity("relay-reader", "reader-pw")));
    expect(201, adminA.post("/api/v1/custom-auth/identities", identity("relay-pub", "pub-pw")));
    expect(201, adminA.post("/api/v1/custom-auth/permissions", rule("USER", "relay-reader", "news/#", "PUB_SUB",
        "ALLOW")));
    expect(201, adminA.post("/api/v1/custom-auth/permissions", rule("USER", "relay-reader", "keep/#", "SUB",
        "ALLOW")));
    expect(201, adminA.post("/api/v1/custom-auth/permissions", rule("USER", "relay-pub", "#", "PUB", "ALLOW")));
    nodeB = RunningBroker.start(shared);
  }

  @AfterAll
  static void stop() {
    if (nodeB != null) {
      nodeB.close();
    }
    if (nodeA != null) {
      nodeA.close();
    }
  }

  @Test
  void aTokenRevokedThroughNodeAClosesItsClientsOnNodeBWithTheRevokedNotice() throws Exception {
    Answer applied = adminA.post("/api/v1/tokens", "{\"resources\":[\"relay/token/#\"],\"actions\":\"R,W\","
        + "\"expireTime\":" + (System.currentTimeMillis() + 3_600_000) + "}");
    expect(201, applied);
    String username = "Token|" + RunningBroker.OWNER_ID + "|" + RunningBroker.INSTANCE;
    String password = "RW|" + applied.text("token");
    try (Paho.V5 c5 = v5(nodeB, "GID_relay@@@token-5", username, password);
        Paho.V3 c3 = v3(nodeB, "GID_relay@@@token-3", username, password)) {
      long revoked = timed(() -> expect(200, adminA.post("/api/v1/tokens/revoke",
          JSON.createObjectNode().put("token", applied.text("token")).toString())));

      assertEquals(0x87, c5.disconnected.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getReturnCode());
      LOG.info("token client on node B closed {} ms after node A answered the revocation", ms(revoked));
      assertEquals(JSON.readTree("{\"code\":3,\"type\":\"RW\"}"), nextOn(c5.received, INVALID_NOTICE));
      c3.lost.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertEquals(JSON.readTree("{\"code\":3,\"type\":\"RW\"}"), nextOn(c3.received, INVALID_NOTICE));
    }
    assertEquals(4, v3Refusal(nodeB, "GID_relay@@@token-3", username, password));
  }

  @Test
  void aDeviceCredentialRefreshedThroughNodeAClosesItsClientOnNodeBAndOnlyTheNewKeyWorksThere() throws Exception {
    String clientId = "GID_relay@@@device-1";
    Answer old = adminA.post("/api/v1/device-credentials", JSON.createObjectNode().put("clientId", clientId)
        .toString());
    expect(201, old);
    String oldUser = "DeviceCredential|" + old.text("deviceAccessKeyId") + "|" + RunningBroker.INSTANCE;
    String oldPassword = Passwords.signed(old.text("deviceAccessKeySecret"), clientId);
    Answer fresh;
    try (Paho.V3 device = v3(nodeB, clientId, oldUser, oldPassword)) {
      fresh = adminA.post("/api/v1/device-credentials/" + encode(clientId) + "/refresh", "");
      expect(200, fresh);
      device.lost.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
    // Node B had the old key in its cache since the first CONNECT.
    assertEquals(4, v3Refusal(nodeB, clientId, oldUser, oldPassword));
    try (Paho.V3 device = v3(nodeB, clientId,
        "DeviceCredential|" + fresh.text("deviceAccessKeyId") + "|" + RunningBroker.INSTANCE,
        Passwords.signed(fresh.text("deviceAccessKeySecret"), clientId))) {
      assertTrue(device.client.isConnected());
    }
  }

  @Test
  void anAccessKeyDeletedThroughNodeAClosesItsClientOnNodeBAndIsRefusedThere() throws Exception {
    Answer created = adminA.post("/api/v1/access-keys", "{\"policies\":[{\"effect\":\"Allow\","
        + "\"actions\":[\"mq:PUB\",\"mq:SUB\"],\"resources\":[\"topic/relay/ak/#\"]}]}");
    expect(201, created);
    String keyId = created.text("accessKeyId");
    String clientId = "GID_relay@@@ak-1";
    String username = "Signature|" + keyId + "|" + RunningBroker.INSTANCE;
    String password = Passwords.signed(created.text("accessKeySecret"), clientId);
    try (Paho.V5 c = v5(nodeB, clientId, username, password)) {
      c.publish("relay/ak/hello", "hi", 1, false);
      expect(204, adminA.delete("/api/v1/access-keys/" + keyId));
      assertEquals(0x87, c.disconnected.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getReturnCode());
    }
    assertEquals(0x86, v5Refusal(nodeB, clientId, username, password));
  }

  @Test
  void aClientIdBlacklistedThroughNodeAIsClosedOnNodeBAndKeptOut() throws Exception {
    String clientId = "relay-black-1";
    try (Paho.V5 c = v5(nodeB, clientId, "relay-reader", "reader-pw")) {
      expect(201, adminA.post("/api/v1/custom-auth/connect-blacklist",
          JSON.createObjectNode().put("clientId", clientId).toString()));
      assertEquals(0x87, c.disconnected.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getReturnCode());
    }
    // Node B had cached "not blacklisted" at the first CONNECT.
    assertEquals(0x8A, v5Refusal(nodeB, clientId, "relay-reader", "reader-pw"));
  }

  @Test
  void aPermissionNarrowedThroughNodeARemovesTheSubscriptionOnNodeBAndRefusesItsNextPublish() throws Exception {
    String clientId = "relay-reader-1";
    try (Paho.V5 reader = v5(nodeB, clientId, "relay-reader", "reader-pw");
        Paho.V3 publisher = v3(nodeB, "relay-pub-1", "relay-pub", "pub-pw")) {
      reader.subscribe("news/#", 1);
      reader.subscribe("keep/#", 1);
      publisher.publish("news/a", "n1", 1, false);
      assertEquals("n1", reader.received.next(WAIT).payload());

      // A DENY for the client id on one topic of news/#: the subscription may no longer stand, nor a PUBLISH there.
      long narrowed = timed(() -> expect(201, adminA.post("/api/v1/custom-auth/permissions",
          rule("CLIENT", clientId, "news/secret", "PUB_SUB", "DENY"))));

      await().atMost(WAIT).until(() -> {
        Session session = nodeB.app().broker().context().sessions().get(clientId);
        return session != null && !session.subscriptions().containsKey("news/#");
      });
      LOG.info("subscription on node B removed {} ms after node A answered the permission change", ms(narrowed));
      assertOnlyTheMarkerArrives(publisher, reader.received, "news/b", "keep/1");
      reader.publish("news/open", "still allowed", 1, false);
      reader.client.publish("news/secret", Paho.utf8("refused"), 1, false);
      assertEquals(0x87, reader.disconnected.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getReturnCode());
    }
  }

  /**
   * Publishes to the revoked topic, then a marker to a topic still allowed: one publisher, one subscriber, QoS 1, so
   * the marker arriving first proves the revoked message was not delivered.
   */
  private static void assertOnlyTheMarkerArrives(Paho.V3 publisher, Received received, String revokedTopic,
      String markerTopic) throws Exception {
    publisher.publish(revokedTopic, "must not arrive", 1, false);
    publisher.publish(markerTopic, "marker", 1, false);
    Msg next = received.next(WAIT);
    assertEquals(markerTopic, next.topic(), () -> "received " + next + " before the marker");
  }

  private static JsonNode nextOn(Received received, String topic) throws Exception {
    Msg m = received.next(WAIT);
    assertEquals(topic, m.topic(), () -> "unexpected " + m);
    return JSON.readTree(m.payload());
  }

  private static Paho.V3 v3(RunningBroker node, String clientId, String username, String password)
      throws MqttException {
    Paho.V3 client = Paho.v3(node.mqttUri(), clientId);
    try {
      return client.connect(Paho.v3Options(username, password, true));
    } catch (MqttException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private static Paho.V5 v5(RunningBroker node, String clientId, String username, String password)
      throws org.eclipse.paho.mqttv5.common.MqttException {
    Paho.V5 client = Paho.v5(node.mqttUri(), clientId);
    try {
      client.connect(Paho.v5Options(username, password, true));
      return client;
    } catch (org.eclipse.paho.mqttv5.common.MqttException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private static int v3Refusal(RunningBroker node, String clientId, String username, String password) {
    try (Paho.V3 c = Paho.v3(node.mqttUri(), clientId)) {
      return assertThrows(MqttException.class, () -> c.connect(Paho.v3Options(username, password, true)),
          "CONNECT of " + clientId + " should be refused").getReasonCode();
    } catch (MqttException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int v5Refusal(RunningBroker node, String clientId, String username, String password)
      throws org.eclipse.paho.mqttv5.common.MqttException {
    try (Paho.V5 c = Paho.v5(node.mqttUri(), clientId)) {
      return assertThrows(org.eclipse.paho.mqttv5.common.MqttException.class,
          () -> c.connect(Paho.v5Options(username, password, true)),
          "CONNECT of " + clientId + " should be refused").getReasonCode();
    }
  }

  /** Runs {@code call} and returns System.nanoTime() when it returned (to measure what follows). */
  private static long timed(Runnable call) {
    call.run();
    return System.nanoTime();
  }

  private static long ms(long since) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
  }

  private static String identity(String username, String secret) {
    return JSON.createObjectNode().put("username", username).put("identityType", "USER").put("secret", secret)
        .put("signMode", "ORIGIN").toString();
  }

  private static String rule(String type, String identity, String topic, String action, String effect) {
    ObjectNode body = JSON.createObjectNode().put("identityType", type).put("identity", identity).put("topic", topic)
        .put("permitAction", action).put("effect", effect);
    return body.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static void expect(int status, Answer answer) {
    assertEquals(status, answer.status(), () -> "admin answer: " + answer.raw());
  }
}
