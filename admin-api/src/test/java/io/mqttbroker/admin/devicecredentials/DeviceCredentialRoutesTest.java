package io.mqttbroker.admin.devicecredentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqttbroker.admin.http.AdminRequest;
import io.mqttbroker.admin.http.AdminResponse;
import io.mqttbroker.admin.http.ApiException;
import io.mqttbroker.admin.http.Caller;
import io.mqttbroker.admin.http.Json;
import io.mqttbroker.admin.http.Route;
import io.mqttbroker.auth.devicecredential.DeviceCredentialService;
import io.mqttbroker.auth.devicecredential.DeviceCredentialSettings;
import io.mqttbroker.auth.devicecredential.DeviceCredentialStore;
import io.mqttbroker.auth.devicecredential.DeviceKeyCache;
import io.mqttbroker.core.security.revocation.InMemoryRevocationBus;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.SecretCipher;
import io.mqttbroker.store.StoreSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceCredentialRoutesTest {
  @TempDir Path dir;
  private Database database;
  private DeviceCredentialRoutes routes;

  @BeforeEach
  void open() {
    database = Database.open(StoreSettings.embedded(dir));
    DeviceCredentialStore store = new DeviceCredentialStore(database);
    store.migrate();
    SecretCipher cipher = SecretCipher.fromKeyFile(dir.resolve("store.key"));
    DeviceKeyCache cache = new DeviceKeyCache(store, cipher, 1000, Duration.ofMinutes(10));
    routes = new DeviceCredentialRoutes(new DeviceCredentialService(store, cache, cipher, new InMemoryRevocationBus(),
        new DeviceCredentialSettings("mqtt-local", 2, 128, false), Clock.systemUTC()));
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void registerAnswers201ThenTheSameCredentialWith200() throws Exception {
    AdminResponse first = call("POST", "/api/v1/device-credentials", Map.of(), "{\"clientId\":\"GID_a@@@d1\"}");
    AdminResponse again = call("POST", "/api/v1/device-credentials", Map.of(),
        "{\"clientId\":\"GID_a@@@d1\",\"instanceId\":\"mqtt-local\"}");

    assertEquals(201, first.status());
    assertEquals(200, again.status());
    JsonNode json = json(first);
    assertEquals(List.of("clientId", "instanceId", "deviceAccessKeyId", "deviceAccessKeySecret", "createTime",
        "updateTime"), fieldNames(json));
    assertEquals("GID_a@@@d1", json.get("clientId").asText());
    assertEquals("mqtt-local", json.get("instanceId").asText());
    assertEquals(json, json(again));
  }

  @Test
  void getRefreshAndUnregisterByClientId() throws Exception {
    JsonNode created = json(call("POST", "/api/v1/device-credentials", Map.of(), "{\"clientId\":\"GID_a@@@d1\"}"));

    assertEquals(created, json(call("GET", "/api/v1/device-credentials/GID_a@@@d1", Map.of(), "")));
    AdminResponse refreshed = call("POST", "/api/v1/device-credentials/GID_a@@@d1/refresh", Map.of(), "");
    assertEquals(200, refreshed.status());
    assertNotEquals(created.get("deviceAccessKeyId"), json(refreshed).get("deviceAccessKeyId"));
    assertEquals(204, call("DELETE", "/api/v1/device-credentials/GID_a@@@d1", Map.of(), "").status());
    assertEquals(404, status(() -> call("GET", "/api/v1/device-credentials/GID_a@@@d1", Map.of(), "")));
  }

  @Test
  void unknownClientIdsAre404DeviceCredentialNotFound() {
    for (String[] req : List.of(new String[] {"GET", "/api/v1/device-credentials/nobody"},
        new String[] {"POST", "/api/v1/device-credentials/nobody/refresh"},
        new String[] {"DELETE", "/api/v1/device-credentials/nobody"})) {
      ApiException e = assertThrows(ApiException.class, () -> call(req[0], req[1], Map.of(), ""));
      assertEquals(404, e.status());
      assertEquals("DeviceCredentialNotFound", e.code());
    }
  }

  @Test
  void theQuotaIs400DeviceCredentialNumExceed() {
    call("POST", "/api/v1/device-credentials", Map.of(), "{\"clientId\":\"a\"}");
    call("POST", "/api/v1/device-credentials", Map.of(), "{\"clientId\":\"b\"}");

    ApiException e = assertThrows(ApiException.class,
        () -> call("POST", "/api/v1/device-credentials", Map.of(), "{\"clientId\":\"c\"}"));

    assertEquals(400, e.status());
    assertEquals("DeviceCredentialNumExceed", e.code());
    assertEquals("deviceCredential num exceed", e.getMessage());
  }

  @Test
  void badBodiesAndAWrongInstanceAreRefused() {
    ApiException missing = assertThrows(ApiException.class,
        () -> call("POST", "/api/v1/device-credentials", Map.of(), "{}"));
    assertEquals("MissingParameter", missing.code());
    assertEquals(400, status(() -> call("POST", "/api/v1/device-credentials", Map.of(),
        "{\"clientId\":\"a\",\"extra\":1}")));
    ApiException instance = assertThrows(ApiException.class, () -> call("POST", "/api/v1/device-credentials",
        Map.of(), "{\"clientId\":\"a\",\"instanceId\":\"other\"}"));
    assertEquals(404, instance.status());
    assertEquals("InstanceNotFound", instance.code());
    assertEquals("InvalidParameter.ClientId", assertThrows(ApiException.class,
        () -> call("POST", "/api/v1/device-credentials", Map.of(), "{\"clientId\":\"a\\u0000b\"}")).code());
  }

  @Test
  void listAnswersResultsNextTokenAndTotal() throws Exception {
    call("POST", "/api/v1/device-credentials", Map.of(), "{\"clientId\":\"GID_a@@@d1\"}");
    call("POST", "/api/v1/device-credentials", Map.of(), "{\"clientId\":\"GID_b@@@d1\"}");

    JsonNode first = json(call("GET", "/api/v1/device-credentials", Map.of("size", "1"), ""));
    assertEquals(List.of("results", "nextToken", "total"), fieldNames(first));
    assertEquals("GID_a@@@d1", first.get("results").get(0).asText());
    assertEquals(2, first.get("total").asLong());
    JsonNode second = json(call("GET", "/api/v1/device-credentials",
        Map.of("size", "1", "nextToken", first.get("nextToken").asText()), ""));
    assertEquals("GID_b@@@d1", second.get("results").get(0).asText());
    assertTrue(second.get("nextToken").isNull());

    JsonNode groupB = json(call("GET", "/api/v1/device-credentials", Map.of("groupId", "GID_b"), ""));
    assertEquals(1, groupB.get("total").asLong());
    assertEquals("InvalidParameter.NextToken", assertThrows(ApiException.class,
        () -> call("GET", "/api/v1/device-credentials", Map.of("nextToken", "%%%"), "")).code());
    assertEquals("InvalidParameter.Size", assertThrows(ApiException.class,
        () -> call("GET", "/api/v1/device-credentials", Map.of("size", "101"), "")).code());
  }

  @Test
  void theOpenApiFragmentDescribesExactlyTheseRoutes() throws Exception {
    JsonNode fragment;
    try (var in = getClass().getClassLoader().getResourceAsStream("openapi/paths/device-credentials.json")) {
      fragment = Json.MAPPER.readTree(in);
    }
    java.util.Set<String> documented = new java.util.TreeSet<>();
    fragment.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(key -> {
      if (!key.equals("parameters")) {
        documented.add(key.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
      }
    }));
    java.util.Set<String> implemented = new java.util.TreeSet<>();
    routes.routes().forEach(r -> implemented.add(r.method() + " " + r.pathTemplate()));
    assertEquals(implemented, documented);
    fragment.findValues("$ref").forEach(ref -> assertTrue(
        !fragment.at(ref.asText().substring(1)).isMissingNode(), "unresolved " + ref.asText()));
  }

  private static int status(Runnable call) {
    return assertThrows(ApiException.class, call::run).status();
  }

  /** Routes the request like the server would: method, then template segments with {name} captured. */
  private AdminResponse call(String method, String path, Map<String, String> query, String body) {
    for (Route route : routes.routes()) {
      Optional<Map<String, String>> params = match(route.pathTemplate(), path);
      if (route.method().equals(method) && params.isPresent()) {
        Map<String, List<String>> q = new HashMap<>();
        query.forEach((k, v) -> q.put(k, List.of(v)));
        AdminRequest request = new AdminRequest(method, path, params.get(), q,
            body.getBytes(StandardCharsets.UTF_8), Optional.of(new Caller("AK1", true)), "req-1");
        return route.handler().handle(request);
      }
    }
    throw new AssertionError("no route for " + method + " " + path);
  }

  private static Optional<Map<String, String>> match(String template, String path) {
    String[] t = template.split("/");
    String[] p = path.split("/");
    if (t.length != p.length) {
      return Optional.empty();
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < t.length; i++) {
      if (t[i].startsWith("{")) {
        params.put(t[i].substring(1, t[i].length() - 1), p[i]);
      } else if (!t[i].equals(p[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(params);
  }

  private static JsonNode json(AdminResponse response) throws Exception {
    return Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(response.body()));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
