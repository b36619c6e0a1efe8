package io.mqttbroker.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.admin.openapi.OpenApiDocument;
import io.mqttbroker.server.testing.RunningBroker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAPI document served and kept in the repository describes exactly the routes the broker serves. */
class OpenApiContractTest {

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedRouteExists() {
    try (RunningBroker broker = RunningBroker.start()) {
      var routes = broker.app().adminRoutes();
      OpenApiDocument document = OpenApiDocument.shipped();
      assertEquals(List.of(), document.undocumented(routes), "routes missing from the OpenAPI document");
      assertEquals(List.of(), document.unimplemented(routes), "documented routes that do not exist");
      assertEquals(List.of(), document.unresolvedReferences(), "dangling $ref in the OpenAPI document");
      var served = broker.as(null, null).get("/api/v1/openapi.json");
      assertEquals(200, served.status());
      assertTrue(served.body().path("paths").has("/api/v1/device-credentials/{clientId}"));
    }
  }
}
