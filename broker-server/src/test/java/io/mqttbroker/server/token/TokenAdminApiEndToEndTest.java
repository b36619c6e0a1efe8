package io.mqttbroker.server.token;

import static io.mqttbroker.server.token.TokenKit.applyBody;
import static io.mqttbroker.server.token.TokenKit.clientId;
import static io.mqttbroker.server.token.TokenKit.expectInvalidNotice;
import static io.mqttbroker.server.token.TokenKit.inMillis;
import static io.mqttbroker.server.token.TokenKit.next;
import static io.mqttbroker.server.token.TokenKit.ownerUsername;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.server.testing.AdminClient;
import io.mqttbroker.server.testing.RunningBroker;
import io.mqttbroker.server.token.TokenKit.Applied;
import io.mqttbroker.server.token.TokenKit.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ApplyToken, QueryToken and RevokeToken over real HTTP: every validation error with its status and machine code, the
 * lifetime bounds from configuration ({@code token.min-lifetime=2s}, {@code token.max-lifetime=1d}), QueryToken for
 * valid, expired, revoked and unknown tokens, who may revoke, and a token presented to another instance sharing the
 * store. The MQTT side of {@code auth.on-deny=reject} is here too, as it needs a broker of its own.
 */
class TokenAdminApiEndToEndTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static RunningBroker broker;
  private static TokenKit kit;

  @BeforeAll
  static void start() {
    broker = RunningBroker.start(Map.of("token.min-lifetime", "2s", "token.max-lifetime", "1d"));
    kit = new TokenKit(broker);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private static void expectError(AdminClient.Answer a, int status, String code) {
    assertEquals(status, a.status(), a.raw());
    assertEquals(code, a.text("code"), a.raw());
    assertFalse(a.text("message").isBlank(), a.raw());
    assertFalse(a.text("requestId").isBlank(), a.raw());
  }

  private static AdminClient.Answer apply(String body) {
    return broker.owner().post("/api/v1/tokens", body);
  }

  @Test
  void applyAnswers201WithATokenThatNeverContainsABarAndTheRequestedExpiry() {
    long expireTime = inMillis(HOUR);
    AdminClient.Answer a = apply(applyBody("R", expireTime, "a/b", "c/+/d", "e/#"));
    assertEquals(201, a.status(), a.raw());
    assertEquals(expireTime, a.body().path("expireTime").asLong());
    String token = a.text("token");
    assertTrue(token.length() >= 22, "at least 128 bits");
    assertFalse(token.contains("|"));
    assertEquals(2, a.body().size(), "only token and expireTime: " + a.raw());
    assertTrue(kit.query(token));
    // the instance may be named, if it is this one
    String withInstance = "{\"resources\":[\"x\"],\"actions\":\"W\",\"expireTime\":" + expireTime
        + ",\"instanceId\":\"" + RunningBroker.INSTANCE + "\"}";
    assertEquals(201, apply(withInstance).status());
  }

  @Test
  void resourcesMustBeOneToAHundredValidTopicsOrFilters() {
    long t = inMillis(HOUR);
    expectError(apply(applyBody("R", t)), 400, "InvalidParameter.Resources");
    List<String> hundred = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      hundred.add("many/" + i);
    }
    assertEquals(201, apply(applyBody("R", t, hundred.toArray(String[]::new))).status());
    hundred.add("many/100");
    expectError(apply(applyBody("R", t, hundred.toArray(String[]::new))), 400, "ApplyTokenOverFlow");
    for (String bad : new String[] {"a/#/b", "a+/b", "", "$SYS/uploadToken", "$SYS/#", "a\u0000b"}) {
      expectError(apply(applyBody("R", t, "ok/topic", bad)), 400, "InvalidParameter.Resources");
    }
    expectError(apply("{\"resources\":\"a/b\",\"actions\":\"R\",\"expireTime\":" + t + "}"), 400,
        "InvalidParameter");
    expectError(apply("{\"resources\":[\"a\",null],\"actions\":\"R\",\"expireTime\":" + t + "}"), 400,
        "InvalidParameter.Resources");
  }

  @Test
  void actionsMustBeExactlyROrWOrRCommaW() {
    long t = inMillis(HOUR);
    for (String good : new String[] {"R", "W", "R,W"}) {
      assertEquals(201, apply(applyBody(good, t, "act")).status(), good);
    }
    for (String bad : new String[] {"RW", "W,R", "r", "R, W", "X", "R,W,R"}) {
      expectError(apply(applyBody(bad, t, "act")), 400, "InvalidParameter.Actions");
    }
  }

  @Test
  void expireTimeMustBeAtLeastTheMinimumAheadAndIsCappedAtTheMaximum() {
    long now = System.currentTimeMillis();
    expectError(apply(applyBody("R", now - 1000, "exp")), 400, "InvalidParameter.ExpireTime");
    expectError(apply(applyBody("R", now + 500, "exp")), 400, "InvalidParameter.ExpireTime");
    long before = System.currentTimeMillis();
    AdminClient.Answer capped = apply(applyBody("R", before + Duration.ofDays(60).toMillis(), "exp"));
    long after = System.currentTimeMillis();
    assertEquals(201, capped.status(), capped.raw());
    long effective = capped.body().path("expireTime").asLong();
    assertTrue(effective >= before + Duration.ofDays(1).toMillis()
        && effective <= after + Duration.ofDays(1).toMillis(), "capped at now + token.max-lifetime: " + effective);
  }

  @Test
  void malformedBodiesAreRefusedWithTheirCodes() {
    long t = inMillis(HOUR);
    expectError(apply("{\"resources\":[\"a\"],\"actions\":\"R\",\"expireTime\":" + t + ",\"colour\":\"red\"}"), 400,
        "InvalidParameter");
    expectError(apply("{\"resources\":[\"a\"],\"actions\":\"R\",\"expireTime\":"), 400, "InvalidJson");
    expectError(apply("not json"), 400, "InvalidJson");
    expectError(apply("{\"actions\":\"R\",\"expireTime\":" + t + "}"), 400, "MissingParameter");
    expectError(apply("{\"resources\":[\"a\"],\"expireTime\":" + t + "}"), 400, "MissingParameter");
    expectError(apply("{\"resources\":[\"a\"],\"actions\":\"R\"}"), 400, "MissingParameter");
    expectError(apply("{\"resources\":[\"a\"],\"actions\":\"R\",\"expireTime\":\"tomorrow\"}"), 400,
        "InvalidParameter");
    expectError(apply("{\"resources\":[\"a\"],\"actions\":\"R\",\"expireTime\":" + t
        + ",\"instanceId\":\"mqtt-elsewhere\"}"), 404, "InstanceNotFound");
    expectError(broker.owner().post("/api/v1/tokens/query", "{}"), 400, "MissingParameter");
    expectError(broker.owner().post("/api/v1/tokens/query", "{\"token\":\"x\",\"extra\":1}"), 400,
        "InvalidParameter");
    expectError(broker.owner().post("/api/v1/tokens/revoke", "{\"token\":"), 400, "InvalidJson");
  }

  @Test
  void everyTokenOperationNeedsCredentials() {
    AdminClient nobody = broker.as(null, null);
    AdminClient wrong = broker.as(RunningBroker.OWNER_ID, "not-the-secret");
    String body = applyBody("R", inMillis(HOUR), "a");
    for (AdminClient client : List.of(nobody, wrong)) {
      assertEquals(401, client.post("/api/v1/tokens", body).status());
      assertEquals(401, client.post("/api/v1/tokens/query", "{\"token\":\"x\"}").status());
      assertEquals(401, client.post("/api/v1/tokens/revoke", "{\"token\":\"x\"}").status());
    }
  }

  @Test
  void queryTellsValidFromExpiredRevokedAndUnknown() {
    Applied valid = kit.apply("R", HOUR, "q/#");
    Applied revoked = kit.apply("R", HOUR, "q/#");
    Applied expiring = kit.apply("R", Duration.ofMillis(2500), "q/#");
    kit.revoke(broker.owner(), revoked.token());

    assertTrue(kit.query(valid.token()));
    assertFalse(kit.query(revoked.token()));
    assertFalse(kit.query("never-applied-for"));
    assertTrue(kit.query(expiring.token()), "valid until its expireTime");
    await().atMost(TokenKit.WAIT).until(() -> !kit.query(expiring.token()));
    assertTrue(System.currentTimeMillis() >= expiring.expireTime(), "false only once expired");
    assertTrue(kit.query(valid.token()));
  }

  @Test
  void onlyTheIssuerOrTheOwnerMayRevokeAndUnknownTokensAre404() {
    Key issuer = kit.createAccessKey();
    Key stranger = kit.createAccessKey();
    AdminClient asIssuer = broker.as(issuer.id(), issuer.secret());
    Applied byIssuer = TokenKit.apply(asIssuer, "W", inMillis(HOUR), "rv/#");
    Applied second = TokenKit.apply(asIssuer, "W", inMillis(HOUR), "rv/#");

    expectError(broker.as(stranger.id(), stranger.secret()).post("/api/v1/tokens/revoke",
        "{\"token\":\"" + byIssuer.token() + "\"}"), 403, "Forbidden");
    assertTrue(kit.query(byIssuer.token()));
    // any key may query
    AdminClient.Answer q = broker.as(stranger.id(), stranger.secret()).post("/api/v1/tokens/query",
        "{\"token\":\"" + byIssuer.token() + "\"}");
    assertTrue(q.body().path("tokenStatus").asBoolean(), q.raw());

    kit.revoke(asIssuer, byIssuer.token());
    kit.revoke(asIssuer, byIssuer.token()); // again: still 200
    kit.revoke(broker.owner(), second.token());
    assertFalse(kit.query(second.token()));
    expectError(broker.owner().post("/api/v1/tokens/revoke", "{\"token\":\"never-applied-for\"}"), 404,
        "TokenNotFound");
  }

  @Test
  void aTokenOfAnotherInstanceSharingTheStoreIsRefused() throws Exception {
    Applied rw;
    java.nio.file.Path store;
    try (RunningBroker first = RunningBroker.start(Map.of())) {
      rw = new TokenKit(first).apply("R,W", HOUR, "shared/#");
      store = first.dataDir();
    }
    try (RunningBroker other = RunningBroker.start(Map.of("mqtt.data-dir", store.toString(),
        "mqtt.instance-id", "mqtt-other"));
        Paho.V3 c = Paho.v3(other.mqttUri(), clientId("other-instance"))) {
      MqttException e = assertThrows(MqttException.class, () -> c.connect(Paho.v3Options(
          "Token|" + RunningBroker.OWNER_ID + "|mqtt-other", "RW|" + rw.token(), true)));
      assertEquals(5, e.getReasonCode(), "not authorized: the token belongs to instance mqtt-test");
      AdminClient.Answer q = other.owner().post("/api/v1/tokens/query", "{\"token\":\"" + rw.token() + "\"}");
      assertFalse(q.body().path("tokenStatus").asBoolean(), q.raw());
      assertEquals(404, other.owner().post("/api/v1/tokens/revoke", "{\"token\":\"" + rw.token() + "\"}").status());
    }
  }

  @Test
  void withOnDenyRejectTheClientGetsTheNoticeAndAReasonCodeAndStaysConnected() throws Exception {
    try (RunningBroker rejecting = RunningBroker.start(Map.of("auth.on-deny", "reject"))) {
      TokenKit k = new TokenKit(rejecting);
      Applied r = k.apply("R", HOUR, "rj/in/#");
      Applied w = k.apply("W", HOUR, "rj/in/#");
      try (Paho.V5 c = k.v5(clientId("rj5"), ownerUsername(), "R|" + r.token() + "|W|" + w.token())) {
        c.subscribe("rj/in/#", 1);
        var puback = c.publish("rj/out", "no", 1, false);
        assertEquals(0x87, puback.getReasonCodes()[0]);
        expectInvalidNotice(c.received, 4, "W");
        var suback = c.subscribe("rj/out/#", 1);
        assertEquals(0x87, suback.getReasonCodes()[0]);
        expectInvalidNotice(c.received, 4, "R");
        c.publish("rj/in/1", "yes", 1, false);
        assertEquals("yes", next(c.received).payload());
        assertTrue(c.client.isConnected());
      }
      try (Paho.V3 c = k.v3(clientId("rj3"), ownerUsername(), "R|" + r.token())) {
        MqttException e = assertThrows(MqttException.class, () -> c.client.subscribe("elsewhere", 1));
        assertEquals(MqttException.REASON_CODE_SUBSCRIBE_FAILED, e.getReasonCode());
        expectInvalidNotice(c.received, 4, "R");
        c.publish("rj/in/2", "dropped", 1, false); // PUBACK without delivery: only an R token
        expectInvalidNotice(c.received, 5, "W");
        c.client.subscribe("rj/in/#", 1);
        assertTrue(c.client.isConnected());
      }
    }
  }
}
