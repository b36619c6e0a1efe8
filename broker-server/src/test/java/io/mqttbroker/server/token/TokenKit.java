package io.mqttbroker.server.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.Received;
import io.mqttbroker.server.testing.AdminClient;
import io.mqttbroker.server.testing.Passwords;
import io.mqttbroker.server.testing.RunningBroker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the token end-to-end tests share: ApplyToken over the real admin API, device-side usernames and passwords,
 * connected Paho clients, and the notices as JSON. Waits are generous (the machine is shared); nothing here asserts
 * speed.
 */
final class TokenKit {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration WAIT = Duration.ofSeconds(15);
  static final String UPLOAD = "$SYS/uploadToken";
  static final String EXPIRE_NOTICE = "$SYS/tokenExpireNotice";
  static final String INVALID_NOTICE = "$SYS/tokenInvalidNotice";
  private static final AtomicInteger IDS = new AtomicInteger();

  private final RunningBroker broker;

  TokenKit(RunningBroker broker) {
    this.broker = broker;
  }

  /** A client id no other test of the run uses (a takeover would close another test's client). */
  static String clientId(String prefix) {
    return "GID_token@@@" + prefix + "-" + IDS.incrementAndGet();
  }

  static String username(String accessKeyId) {
    return "Token|" + accessKeyId + "|" + RunningBroker.INSTANCE;
  }

  static String ownerUsername() {
    return username(RunningBroker.OWNER_ID);
  }

  static long inMillis(Duration d) {
    return System.currentTimeMillis() + d.toMillis();
  }

  /** ApplyToken with {@code as}; fails the test unless the answer is 201 with a token. */
  static Applied apply(AdminClient as, String actions, long expireTime, String... resources) {
    AdminClient.Answer a = as.post("/api/v1/tokens", applyBody(actions, expireTime, resources));
    assertEquals(201, a.status(), a.raw());
    return new Applied(a.text("token"), a.body().path("expireTime").asLong());
  }

  static String applyBody(String actions, long expireTime, String... resources) {
    try {
      return JSON.writeValueAsString(JSON.createObjectNode()
          .<com.fasterxml.jackson.databind.node.ObjectNode>set("resources", JSON.valueToTree(List.of(resources)))
          .put("actions", actions)
          .put("expireTime", expireTime));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Applied apply(String actions, Duration lifetime, String... resources) {
    return apply(broker.owner(), actions, inMillis(lifetime), resources);
  }

  boolean query(String token) {
    AdminClient.Answer a = broker.owner().post("/api/v1/tokens/query", "{\"token\":\"" + token + "\"}");
    assertEquals(200, a.status(), a.raw());
    return a.body().path("tokenStatus").asBoolean();
  }

  void revoke(AdminClient as, String token) {
    AdminClient.Answer a = as.post("/api/v1/tokens/revoke", "{\"token\":\"" + token + "\"}");
    assertEquals(200, a.status(), a.raw());
  }

  /** A new access key (owner-created, no policies: it can still apply for tokens). */
  Key createAccessKey() {
    AdminClient.Answer a = broker.owner().post("/api/v1/access-keys", "{\"description\":\"token issuer\"}");
    assertEquals(201, a.status(), a.raw());
    return new Key(a.text("accessKeyId"), a.text("accessKeySecret"));
  }

  Paho.V3 v3(String clientId, String username, String password) throws Exception {
    Paho.V3 c = Paho.v3(broker.mqttUri(), clientId);
    // Paho's blocking calls wait forever by default; one that races the broker's close must not hang the run.
    c.client.setTimeToWait(WAIT.toMillis());
    try {
      return c.connect(Paho.v3Options(username, password, true));
    } catch (Exception e) {
      c.close();
      throw e;
    }
  }

  Paho.V5 v5(String clientId, String username, String password) throws Exception {
    Paho.V5 c = Paho.v5(broker.mqttUri(), clientId);
    try {
      c.connect(Paho.v5Options(username, password, true));
      return c;
    } catch (Exception e) {
      c.close();
      throw e;
    }
  }

  /**
   * A signature-mode client of the owner key (which may do everything), subscribed to {@code filters}: it watches
   * what the broker routes.
   */
  Paho.V3 observer(String... filters) throws Exception {
    String id = clientId("observer");
    Paho.V3 c = v3(id, "Signature|" + RunningBroker.OWNER_ID + "|" + RunningBroker.INSTANCE,
        Passwords.signed(RunningBroker.OWNER_SECRET, id));
    for (String f : filters) {
      c.client.subscribe(f, 1);
    }
    return c;
  }

  static Received.Msg next(Received received) {
    return received.next(WAIT);
  }

  /** The next message not on {@code skipped} (whose timing may vary). */
  static Received.Msg nextExcept(Received received, String skipped) {
    Received.Msg m = next(received);
    while (m.topic().equals(skipped)) {
      m = next(received);
    }
    return m;
  }

  /** The next message, which must be on {@code topic}; its payload as JSON. */
  static JsonNode nextOn(Received received, String topic) {
    Received.Msg m = next(received);
    assertEquals(topic, m.topic(), "unexpected " + m);
    return json(m.payload());
  }

  static JsonNode json(String payload) {
    try {
      return JSON.readTree(payload);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + payload, e);
    }
  }

  static String invalid(int code, String type) {
    return "{\"code\":" + code + ",\"type\":\"" + type + "\"}";
  }

  /** The next message is {@code $SYS/tokenInvalidNotice} with exactly this code and type. */
  static void expectInvalidNotice(Received received, int code, String type) {
    assertEquals(json(invalid(code, type)), nextOn(received, INVALID_NOTICE));
  }

  /** The v3 client lost its connection (the broker closed it). */
  static void expectClosed(Paho.V3 c) throws Exception {
    c.lost.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The broker sent the v5 client DISCONNECT with {@code reasonCode}. */
  static void expectDisconnect(Paho.V5 c, int reasonCode) throws Exception {
    assertEquals(reasonCode, c.disconnected.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getReturnCode());
  }

  /**
   * A publish the broker answers by closing the connection. Paho may report the loss, or a timeout, or nothing (QoS
   * 0): what matters is what the test checks afterwards.
   */
  static void publishExpectingClose(Paho.V3 c, String topic, String payload, int qos) {
    try {
      c.client.publish(topic, Paho.utf8(payload), qos, false);
    } catch (org.eclipse.paho.client.mqttv3.MqttException expected) {
      // the close raced the publish
    }
  }

  static byte[] uploadPayload(String token, String type) {
    return ("{\"token\":\"" + token + "\",\"type\":\"" + type + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** An applied token and its effective expiry. toString hides the token. */
  record Applied(String token, long expireTime) {
    @Override
    public String toString() {
      return "Applied[expireTime=" + expireTime + "]";
    }
  }

  /** An access key pair. */
  record Key(String id, String secret) {}
}
