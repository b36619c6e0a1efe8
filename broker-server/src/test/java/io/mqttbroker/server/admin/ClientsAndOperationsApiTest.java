package io.mqttbroker.server.admin;

import static io.mqttbroker.server.admin.AccessKeyAdminApiTest.assertError;
import static io.mqttbroker.server.admin.AccessKeyAdminApiTest.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.server.testing.AdminClient;
import io.mqttbroker.server.testing.AdminClient.Answer;
import io.mqttbroker.server.testing.Passwords;
import io.mqttbroker.server.testing.RunningBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The clients routes and the operations routes of ADMIN-API.md against the running broker with real Paho clients:
 * look at a connected client, close it, {@code /health}, {@code /metrics} (Prometheus text) and the OpenAPI document.
 */
class ClientsAndOperationsApiTest {
  private static final String CLIENTS = "/api/v1/clients/";
  private static final String SIGNATURE_OWNER = "Signature|" + RunningBroker.OWNER_ID + "|" + RunningBroker.INSTANCE;
  private static final Pattern CONNECTED = Pattern.compile("(?m)^mqtt_clients_connected(?:\\{[^}]*})? (\\S+)$");

  private static RunningBroker broker;
  private static AdminClient owner;

  @BeforeAll
  static void start() {
    broker = RunningBroker.start();
    owner = broker.owner();
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void getShowsAConnectedV3AndV5ClientWithItsModeAndVersion() throws Exception {
    String id3 = "GID_admin@@@look3";
    String id5 = "GID_admin@@@look5";
    long before = System.currentTimeMillis();
    try (Paho.V3 c3 = Paho.v3(broker.mqttUri(), id3); Paho.V5 c5 = Paho.v5(broker.mqttUri(), id5)) {
      c3.connect(Paho.v3Options(SIGNATURE_OWNER, Passwords.signed(RunningBroker.OWNER_SECRET, id3), true));
      c5.connect(Paho.v5Options(SIGNATURE_OWNER, Passwords.signed(RunningBroker.OWNER_SECRET, id5), true));

      Answer a = owner.get(CLIENTS + id3);
      assertEquals(200, a.status(), a.raw());
      assertEquals(Set.of("clientId", "username", "remoteAddress", "protocolVersion", "connectedAt", "mode"),
          fields(a.body()));
      assertEquals(id3, a.text("clientId"));
      assertEquals(SIGNATURE_OWNER, a.text("username"));
      assertEquals("3.1.1", a.text("protocolVersion"));
      assertEquals("signature", a.text("mode"));
      assertTrue(a.text("remoteAddress").startsWith("127.0.0.1:"), a.raw());
      assertTrue(a.body().path("connectedAt").asLong() >= before, a.raw());

      Answer b = owner.get(CLIENTS + id5.replace("@", "%40"));
      assertEquals(200, b.status(), b.raw());
      assertEquals("5.0", b.text("protocolVersion"));
      assertEquals(id5, b.text("clientId"));
    }
  }

  @Test
  void deleteClosesTheClientsConnectionAtOnce() throws Exception {
    String id3 = "GID_admin@@@kick3";
    String id5 = "GID_admin@@@kick5";
    try (Paho.V3 c3 = Paho.v3(broker.mqttUri(), id3); Paho.V5 c5 = Paho.v5(broker.mqttUri(), id5)) {
      c3.connect(Paho.v3Options(SIGNATURE_OWNER, Passwords.signed(RunningBroker.OWNER_SECRET, id3), true));
      c5.connect(Paho.v5Options(SIGNATURE_OWNER, Passwords.signed(RunningBroker.OWNER_SECRET, id5), true));

      Answer kicked3 = owner.delete(CLIENTS + id3);
      assertEquals(204, kicked3.status(), kicked3.raw());
      c3.lost.get(15, TimeUnit.SECONDS);
      Answer kicked5 = owner.delete(CLIENTS + id5);
      assertEquals(204, kicked5.status(), kicked5.raw());
      // MQTT 5: DISCONNECT 0x98, administrative action.
      assertEquals(0x98, c5.disconnected.get(15, TimeUnit.SECONDS).getReturnCode());
    }
    // The server side closes after the DISCONNECT is written, so the registry may lag the client's callback briefly.
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> owner.get(CLIENTS + id3).status() == 404 && owner.get(CLIENTS + id5).status() == 404);
    assertError(owner.get(CLIENTS + id3), 404, "ClientNotFound");
    assertError(owner.delete(CLIENTS + id5), 404, "ClientNotFound");
  }

  @Test
  void unknownClientsAre404AndTheRoutesNeedCredentials() {
    assertError(owner.get(CLIENTS + "GID_admin@@@nobody"), 404, "ClientNotFound");
    assertError(owner.delete(CLIENTS + "GID_admin@@@nobody"), 404, "ClientNotFound");
    AdminClient anonymous = broker.as(null, null);
    assertError(anonymous.get(CLIENTS + "GID_admin@@@nobody"), 401, "Unauthorized");
    assertError(anonymous.delete(CLIENTS + "GID_admin@@@nobody"), 401, "Unauthorized");
  }

  @Test
  void healthIsOpenAndReportsEachPart() {
    Answer health = broker.as(null, null).get("/health");
    assertEquals(200, health.status(), health.raw());
    assertEquals("UP", health.text("status"));
    assertEquals("UP", health.body().path("checks").path("store").asText(), health.raw());
    assertEquals("UP", health.body().path("checks").path("mqtt").asText(), health.raw());
  }

  @Test
  void metricsArePrometheusTextForAnAuthenticatedCallerAndCountConnectedClients() throws Exception {
    assertError(broker.as(null, null).get("/metrics"), 401, "Unauthorized");
    String id = "GID_admin@@@metrics";
    try (Paho.V3 c = Paho.v3(broker.mqttUri(), id)) {
      c.connect(Paho.v3Options(SIGNATURE_OWNER, Passwords.signed(RunningBroker.OWNER_SECRET, id), true));
      HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(broker.adminUri() + "/metrics"))
          .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
              (RunningBroker.OWNER_ID + ":" + RunningBroker.OWNER_SECRET).getBytes(StandardCharsets.UTF_8)))
          .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, metrics.statusCode());
      assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
          metrics.headers().map().toString());
      assertTrue(metrics.body().contains("# TYPE mqtt_clients_connected"), metrics.body());
      assertTrue(metrics.body().contains("mqtt_messages_dropped_total 0.0"), metrics.body());
      Matcher connected = CONNECTED.matcher(metrics.body());
      assertTrue(connected.find(), metrics.body());
      assertTrue(Double.parseDouble(connected.group(1)) >= 1, connected.group());
    }
  }

  @Test
  void theOpenApiDocumentIsOpenAndNamesTheseRoutes() {
    Answer doc = broker.as(null, null).get("/api/v1/openapi.json");
    assertEquals(200, doc.status());
    for (Map.Entry<String, String> route : Map.of(
        "/api/v1/access-keys", "post", "/api/v1/access-keys/{id}", "delete",
        "/api/v1/access-keys/{id}/policies", "put", "/api/v1/clients/{clientId}", "get",
        "/health", "get", "/metrics", "get").entrySet()) {
      assertTrue(doc.body().path("paths").path(route.getKey()).has(route.getValue()), route.toString());
    }
  }
}
