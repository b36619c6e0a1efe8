package io.mqttbroker.admin.clients;

import io.mqttbroker.admin.http.AdminResponse;
import io.mqttbroker.admin.http.ApiException;
import io.mqttbroker.admin.http.Route;
import io.mqttbroker.admin.http.RouteGroup;
import java.util.List;

/** {@code GET} and {@code DELETE /api/v1/clients/{clientId}}: look at one connected client, or close it. */
public final class ClientRoutes implements RouteGroup {
  static final String PATH = "/api/v1/clients/{clientId}";

  private final ClientDirectory clients;

  public ClientRoutes(ClientDirectory clients) {
    this.clients = clients;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.authenticated("GET", PATH, request -> {
          request.requireOwner("inspect clients");
          String clientId = request.pathParam("clientId");
          return AdminResponse.ok(clients.find(clientId).orElseThrow(() -> notConnected(clientId)));
        }),
        Route.authenticated("DELETE", PATH, request -> {
          request.requireOwner("disconnect clients");
          String clientId = request.pathParam("clientId");
          if (!clients.disconnect(clientId)) {
            throw notConnected(clientId);
          }
          return AdminResponse.noContent();
        }));
  }

  private static ApiException notConnected(String clientId) {
    return ApiException.notFound("ClientNotFound", "no connected client with id '" + clientId + "'");
  }
}
