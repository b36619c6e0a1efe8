package io.mqttbroker.admin.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mqttbroker.admin.clients.ClientRoutes;
import io.mqttbroker.admin.http.AdminResponse;
import io.mqttbroker.admin.http.Route;
import io.mqttbroker.admin.openapi.OpenApiDocument;
import io.mqttbroker.admin.operations.OperationsRoutes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {
  private static final ClassLoader LOADER = OpenApiDocumentTest.class.getClassLoader();
  private final OpenApiDocument test = new OpenApiDocument(LOADER, "openapi-test", List.of("access-keys", "tokens"));

  private static Route route(String method, String path) {
    return Route.authenticated(method, path, request -> AdminResponse.noContent());
  }

  @Test
  void givenFragments_thenPathsAndSchemasAreMergedAndMissingFragmentsSkipped() {
    ObjectNode document = test.load();

    assertTrue(document.path("paths").has("/health"));
    assertTrue(document.path("paths").path("/api/v1/tokens").has("post"));
    assertTrue(document.path("components").path("schemas").has("ApplyTokenResult"));
    assertTrue(document.path("components").path("schemas").has("Error"), "identical redefinition is fine");
  }

  @Test
  void givenRoutesAndDocument_thenDriftIsReportedBothWays() {
    List<Route> routes = List.of(route("GET", "/health"), route("POST", "/api/v1/tokens"),
        route("DELETE", "/api/v1/tokens/{token}"), route("get", "/api/v1/tokens"));

    assertEquals("[DELETE /api/v1/tokens/{token}, GET /api/v1/tokens]", test.undocumented(routes).toString());
    assertEquals("[POST /api/v1/tokens/query]", test.unimplemented(routes).toString());
  }

  @Test
  void givenDanglingReference_thenItIsReported() {
    assertEquals(List.of("#/components/schemas/Missing"), test.unresolvedReferences());
  }

  @Test
  void givenFragmentRedefiningAnOperation_thenLoadFails() {
    OpenApiDocument conflicting = new OpenApiDocument(LOADER, "openapi-conflict", List.of("tokens"));

    IllegalStateException error = assertThrows(IllegalStateException.class, conflicting::load);
    assertTrue(error.getMessage().contains("get /health"), error.getMessage());
  }

  @Test
  void givenShippedBaseDocument_thenItDescribesExactlyTheServerRoutesAndItsReferencesResolve() {
    OpenApiDocument base = new OpenApiDocument(LOADER, "openapi", List.of());
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    List<Route> routes = new ArrayList<>(new OperationsRoutes(Map.of(), prometheus, base).routes());
    routes.addAll(new ClientRoutes(new KnownClients()).routes());

    assertEquals(List.of(), base.undocumented(routes));
    assertEquals(List.of(), base.unimplemented(routes));
    assertEquals(List.of(), base.unresolvedReferences());
    assertEquals("3.0.3", base.load().path("openapi").asText());
    assertTrue(base.load().path("components").path("securitySchemes").has("basicAuth"));
  }

  @Test
  void givenShippedDocumentWithWhateverFragmentsExist_thenItLoadsAndContainsTheBase() {
    ObjectNode document = OpenApiDocument.shipped().load();

    assertTrue(document.path("paths").has("/health"));
    assertTrue(document.path("components").path("schemas").has("Error"));
  }
}
