package io.mqttbroker.server.signature;

import static io.mqttbroker.server.signature.SignatureKit.allow;
import static io.mqttbroker.server.signature.SignatureKit.clientId;
import static io.mqttbroker.server.signature.SignatureKit.create;
import static io.mqttbroker.server.signature.SignatureKit.next;
import static io.mqttbroker.server.signature.SignatureKit.username;
import static io.mqttbroker.server.signature.SignatureKit.v3;
import static io.mqttbroker.server.signature.SignatureKit.v3Refusal;
import static io.mqttbroker.server.signature.SignatureKit.v5Refusal;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.server.signature.SignatureKit.Key;
import io.mqttbroker.server.testing.AdminClient;
import io.mqttbroker.server.testing.AdminClient.Answer;
import io.mqttbroker.server.testing.Passwords;
import io.mqttbroker.server.testing.PostgresServer;
import io.mqttbroker.server.testing.RunningBroker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Signature mode end to end with the credentials in a real PostgreSQL server (every scenario of
 * {@link SignatureScenarios}), and what a store outage does: the admin API answers 503, CONNECT is refused as server
 * unavailable - quickly, and never as "bad credentials" nor as an allow - and everything works again once the server
 * is back.
 */
@ExtendWith(PostgresServer.Fixture.class)
class SignaturePostgresEndToEndTest extends SignatureScenarios {
  private final PostgresServer postgres;

  SignaturePostgresEndToEndTest(PostgresServer postgres) {
    this.postgres = postgres;
  }

  @Override
  Map<String, String> freshStore() {
    Map<String, String> settings = new HashMap<>(postgres.freshStore());
    // A down store must be noticed well within the CONNECT timeouts of the clients.
    settings.put("mqtt.store.timeout", "2s");
    return settings;
  }

  @Test
  void whilePostgresIsDownTheAdminApiAnswers503AndConnectIsRefusedAsServerUnavailable() throws Exception {
    assumeTrue(postgres.isLocal(), "MQTT_TEST_POSTGRES_URL names a server these tests cannot stop");
    Map<String, String> settings = freshStore();
    // Each answer below waits this long for a database connection before it gives up.
    settings.put("mqtt.store.timeout", "1s");
    try (RunningBroker b = RunningBroker.start(settings)) {
      AdminClient admin = b.owner();
      // Created but never used to connect, so not in the broker's cache: CONNECT has to ask the store.
      Key idle = create(admin, allow("mq:PUB,mq:SUB", "topic/outage/#"));
      String id = clientId("outage");
      String password = Passwords.signed(idle.secret(), id);

      postgres.stop();
      try {
        Answer created = admin.post("/api/v1/access-keys", "{}");
        assertUnavailable(created);
        assertUnavailable(admin.get("/api/v1/access-keys"));
        assertUnavailable(admin.get("/api/v1/access-keys/" + idle.id()));
        assertUnavailable(admin.put("/api/v1/access-keys/" + idle.id() + "/policies", "[]"));
        assertUnavailable(admin.delete("/api/v1/access-keys/" + idle.id()));
        Answer health = b.as(null, null).get("/health");
        assertEquals(503, health.status(), health.raw());
        assertEquals("DOWN", health.body().path("checks").path("store").asText(), health.raw());

        // CONNACK 3 / 0x88 - not 4 / 0x86 (the key is not unknown, the store cannot say), and not a hang: Paho
        // gives up after 10 s, which would fail these assertions with another code.
        assertEquals(3, v3Refusal(b, id, username(idle.id()), password));
        assertEquals(0x88, v5Refusal(b, id, username(idle.id()), password));
        assertEquals(3, v3Refusal(b, id, username("AKNOSUCHKEY000000000000"), password));
      } finally {
        postgres.startAgain();
      }

      await().atMost(Duration.ofSeconds(60)).untilAsserted(
          () -> assertEquals(201, admin.post("/api/v1/access-keys", "{}").status()));
      assertEquals(200, b.as(null, null).get("/health").status());
      try (Paho.V3 c = v3(b, idle, id)) {
        c.client.subscribe("outage/#", 1);
        c.publish("outage/over", "back", 1, false);
        assertEquals("back", next(c.received).payload());
      }
    }
  }

  /** The 503 of the contract. */
  private static void assertUnavailable(Answer a) {
    assertEquals(503, a.status(), a.raw());
    assertEquals("ServiceUnavailable", a.text("code"), a.raw());
  }
}
