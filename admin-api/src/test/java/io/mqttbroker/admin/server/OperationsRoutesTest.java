package io.mqttbroker.admin.server;

import static io.mqttbroker.admin.server.KnownAccessKeys.OWNER_ID;
import static io.mqttbroker.admin.server.KnownAccessKeys.OWNER_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mqttbroker.admin.openapi.OpenApiDocument;
import io.mqttbroker.admin.operations.OperationsRoutes;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OperationsRoutesTest {
  private final AtomicBoolean storeUp = new AtomicBoolean(true);
  private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private RunningServer server;

  @BeforeEach
  void start() {
    Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
    checks.put("store", storeUp::get);
    checks.put("broker", () -> true);
    server = RunningServer.start(AdminServerSettings.defaults(), new KnownAccessKeys(), prometheus,
        new OperationsRoutes(checks, prometheus, OpenApiDocument.shipped()), new TestRoutes());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void givenAllChecksPass_thenHealthIsUpWithoutCredentials() {
    HttpResponse<String> response = server.get("/health");

    assertEquals(200, response.statusCode());
    JsonNode body = RunningServer.json(response);
    assertEquals("UP", body.path("status").asText());
    assertEquals("UP", body.path("checks").path("store").asText());
    assertEquals("UP", body.path("checks").path("broker").asText());
  }

  @Test
  void givenOneCheckFails_thenHealthIsDownWith503() {
    storeUp.set(false);

    HttpResponse<String> response = server.get("/health");

    assertEquals(503, response.statusCode());
    JsonNode body = RunningServer.json(response);
    assertEquals("DOWN", body.path("status").asText());
    assertEquals("DOWN", body.path("checks").path("store").asText());
    assertEquals("UP", body.path("checks").path("broker").asText());
  }

  @Test
  void givenRequestsServed_thenMetricsShowThemInPrometheusText() {
    server.get("/test/ping");
    server.get("/test/nothing");

    HttpResponse<String> response = server.getAs("/metrics", OWNER_ID, OWNER_SECRET);

    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
    assertTrue(response.body().contains("admin_http_requests_seconds_count{method=\"GET\",route=\"/test/ping\","
        + "status=\"200\"} 1"), response.body());
    assertTrue(response.body().contains("route=\"unmatched\",status=\"404\""), response.body());
  }

  @Test
  void givenNoCredentials_thenMetricsAreRefused() {
    assertEquals(401, server.get("/metrics").statusCode());
  }

  @Test
  void givenNoCredentials_thenOpenApiIsServed() {
    HttpResponse<String> response = server.get("/api/v1/openapi.json");

    assertEquals(200, response.statusCode());
    assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
    JsonNode document = RunningServer.json(response);
    assertEquals("3.0.3", document.path("openapi").asText());
    assertTrue(document.path("paths").has("/api/v1/clients/{clientId}"));
    assertEquals(OpenApiDocument.shipped().load(), document, "the served document is the merged one");
  }
}
