package io.mqttbroker.admin.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mqttbroker.admin.http.AdminResponse;
import io.mqttbroker.admin.http.Json;
import io.mqttbroker.admin.http.Route;
import io.mqttbroker.admin.http.RouteGroup;
import io.mqttbroker.admin.openapi.OpenApiDocument;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own routes: {@code GET /health} (no auth; 200 UP or 503 DOWN from the named checks),
 * {@code GET /metrics} (Prometheus text; authenticated like the rest of the API, a scraper uses Basic auth) and
 * {@code GET /api/v1/openapi.json} (no auth; the merged contract, built once at construction so a broken fragment
 * fails at start, not at the first request).
 */
public final class OperationsRoutes implements RouteGroup {
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String JSON = "application/json; charset=utf-8";
  private static final Logger LOG = LoggerFactory.getLogger(OperationsRoutes.class);

  private final Map<String, BooleanSupplier> healthChecks;
  private final PrometheusMeterRegistry prometheus;
  private final byte[] openApi;

  /** What {@code /health} answers: {@code {"status": "UP"|"DOWN", "checks": {"<name>": "UP"|"DOWN"}}}. */
  public record Health(String status, Map<String, String> checks) {}

  /**
   * @param healthChecks named checks, each true when its part works (they run on the handler pool and may block
   *     briefly; one that throws counts as down)
   * @param prometheus the broker's registry, scraped by {@code /metrics}
   * @param openApi the contract served by {@code /api/v1/openapi.json}
   */
  public OperationsRoutes(Map<String, BooleanSupplier> healthChecks, PrometheusMeterRegistry prometheus,
      OpenApiDocument openApi) {
    this.healthChecks = Map.copyOf(healthChecks);
    this.prometheus = prometheus;
    try {
      this.openApi = Json.MAPPER.writeValueAsBytes(openApi.load());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the OpenAPI document", e);
    }
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.open("GET", "/health", request -> health()),
        Route.authenticated("GET", "/metrics", request ->
            AdminResponse.raw(200, PROMETHEUS_TEXT, prometheus.scrape().getBytes(StandardCharsets.UTF_8))),
        Route.open("GET", "/api/v1/openapi.json", request -> AdminResponse.raw(200, JSON, openApi)));
  }

  private AdminResponse health() {
    Map<String, String> checks = new TreeMap<>();
    boolean up = true;
    for (Map.Entry<String, BooleanSupplier> check : healthChecks.entrySet()) {
      boolean ok = run(check.getKey(), check.getValue());
      checks.put(check.getKey(), ok ? "UP" : "DOWN");
      up &= ok;
    }
    return new AdminResponse(up ? 200 : 503, new Health(up ? "UP" : "DOWN", checks));
  }

  private static boolean run(String name, BooleanSupplier check) {
    try {
      return check.getAsBoolean();
    } catch (RuntimeException e) {
      LOG.warn("health check {} failed: {}", name, e.toString());
      return false;
    }
  }
}
