package io.mqttbroker.admin.server;

import static io.mqttbroker.admin.server.KnownAccessKeys.OWNER_ID;
import static io.mqttbroker.admin.server.KnownAccessKeys.OWNER_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqttbroker.admin.clients.ClientInfo;
import io.mqttbroker.admin.clients.ClientRoutes;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientRoutesTest {
  private static final String ID = "GID_test@@@device 1";
  private final KnownClients clients = new KnownClients()
      .with(new ClientInfo(ID, "Token|AK|mqtt-local", "10.0.0.7:52114", "3.1.1", 1_700_000_000_000L, "token"));
  private RunningServer server;

  @BeforeEach
  void start() {
    server = RunningServer.start(AdminServerSettings.defaults(), new ClientRoutes(clients));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> delete(String path) {
    return server.send(server.request(path).DELETE()
        .header("Authorization", RunningServer.basic(OWNER_ID, OWNER_SECRET)));
  }

  @Test
  void givenConnectedClient_thenGetShowsIt() {
    HttpResponse<String> response = server.getAs("/api/v1/clients/GID_test@@@device%201", OWNER_ID, OWNER_SECRET);

    assertEquals(200, response.statusCode(), response.body());
    JsonNode body = RunningServer.json(response);
    assertEquals(ID, body.path("clientId").asText());
    assertEquals("3.1.1", body.path("protocolVersion").asText());
    assertEquals(1_700_000_000_000L, body.path("connectedAt").asLong());
    assertEquals("token", body.path("mode").asText());
  }

  @Test
  void givenUnknownClient_thenClientNotFound() {
    HttpResponse<String> response = server.getAs("/api/v1/clients/nobody", OWNER_ID, OWNER_SECRET);

    assertEquals(404, response.statusCode());
    assertEquals("ClientNotFound", RunningServer.json(response).path("code").asText());
    assertEquals(404, delete("/api/v1/clients/nobody").statusCode());
  }

  @Test
  void givenConnectedClient_thenDeleteDisconnectsItOnce() {
    assertEquals(204, delete("/api/v1/clients/GID_test@@@device%201").statusCode());
    assertFalse(clients.connected.containsKey(ID));
    assertEquals(404, delete("/api/v1/clients/GID_test@@@device%201").statusCode());
  }

  @Test
  void givenNoCredentials_thenClientRoutesRefuse() {
    assertEquals(401, server.get("/api/v1/clients/nobody").statusCode());
    assertEquals(401, server.send(server.request("/api/v1/clients/nobody").DELETE()).statusCode());
  }
}
