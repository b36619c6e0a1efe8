package io.mqttbroker.admin.customauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqttbroker.admin.http.AdminRequest;
import io.mqttbroker.admin.http.AdminResponse;
import io.mqttbroker.admin.http.ApiException;
import io.mqttbroker.admin.http.Caller;
import io.mqttbroker.admin.http.Json;
import io.mqttbroker.admin.http.Route;
import io.mqttbroker.admin.openapi.OpenApiDocument;
import io.mqttbroker.auth.custom.CustomAuth;
import io.mqttbroker.core.security.revocation.InMemoryRevocationBus;
import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.SecretCipher;
import io.mqttbroker.store.StoreSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomAuthRoutesTest {
  static final String IDENTITIES = "/api/v1/custom-auth/identities";
  static final String PERMISSIONS = "/api/v1/custom-auth/permissions";
  static final String BLACKLIST = "/api/v1/custom-auth/connect-blacklist";

  @TempDir Path dir;
  Database database;
  CustomAuth auth;
  CustomAuthRoutes routes;
  Caller caller = new Caller("OWNER", true);

  @BeforeEach
  void open() {
    database = Database.open(StoreSettings.embedded(dir));
    auth = CustomAuth.start(database, SecretCipher.fromKeyFile(dir.resolve("store.key")), new InMemoryRevocationBus(),
        Clock.systemUTC(), 6);
    routes = new CustomAuthRoutes(auth.identities(), auth.permissions(), auth.blacklist(), "mqtt-local");
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void identitiesAreAddedUpdatedQueriedAndDeleted() throws Exception {
    AdminResponse added = call("POST", IDENTITIES, Map.of(), "{\"username\":\"alice\",\"identityType\":\"USER\","
        + "\"secret\":\"s1\",\"signMode\":\"SIGNED\",\"instanceId\":\"mqtt-local\"}");
    assertEquals(201, added.status());
    JsonNode json = json(added);
    assertEquals(List.of("username", "identityType", "clientId", "secret", "signMode", "createTime", "updateTime"),
        fieldNames(json));
    assertTrue(json.get("clientId").isNull());
    call("POST", IDENTITIES, Map.of(), "{\"username\":\"alice\",\"identityType\":\"CLIENT\",\"clientId\":\"GID_a@@@1\","
        + "\"secret\":\"s2\",\"signMode\":\"ORIGIN\"}");

    AdminResponse updated = call("PUT", IDENTITIES, Map.of(), "{\"username\":\"alice\",\"identityType\":\"USER\","
        + "\"secret\":\"s3\",\"signMode\":\"ORIGIN\"}");
    assertEquals(200, updated.status());
    assertEquals("s3", json(updated).get("secret").asText());

    JsonNode page = json(call("GET", IDENTITIES, Map.of("username", "alice", "identityType", "CLIENT"), ""));
    assertEquals(List.of("results", "nextToken", "total"), fieldNames(page));
    assertEquals(1, page.get("total").asLong());
    assertEquals("GID_a@@@1", page.get("results").get(0).get("clientId").asText());
    assertEquals("s2", page.get("results").get(0).get("secret").asText());
    assertTrue(page.get("nextToken").isNull());

    assertEquals(204, call("DELETE", IDENTITIES,
        Map.of("username", "alice", "identityType", "CLIENT", "clientId", "GID_a@@@1"), "").status());
    assertEquals(204, call("DELETE", IDENTITIES, Map.of("username", "alice", "identityType", "USER"), "").status());
    assertEquals(0, json(call("GET", IDENTITIES, Map.of(), "")).get("total").asLong());
  }

  @Test
  void identityErrorsCarryTheContractCodes() {
    String body = "{\"username\":\"alice\",\"identityType\":\"USER\",\"secret\":\"s\",\"signMode\":\"ORIGIN\"}";
    call("POST", IDENTITIES, Map.of(), body);

    assertError(409, "InvalidParameter.Duplicate", "POST", IDENTITIES, Map.of(), body);
    assertError(404, "CustomAuthIdentityNotFound", "PUT", IDENTITIES, Map.of(),
        body.replace("alice", "nobody"));
    assertError(404, "CustomAuthIdentityNotFound", "DELETE", IDENTITIES,
        Map.of("username", "nobody", "identityType", "USER"), "");
    assertError(400, "InvalidParameter.IdentityType", "POST", IDENTITIES, Map.of(), body.replace("USER", "ROOT"));
    assertError(400, "InvalidParameter.SignMode", "POST", IDENTITIES, Map.of(), body.replace("ORIGIN", "PLAIN"));
    assertError(400, "MissingParameter", "POST", IDENTITIES, Map.of(), body.replace("\"USER\"", "\"CLIENT\""));
    assertError(400, "MissingParameter", "POST", IDENTITIES, Map.of(), "{\"username\":\"bob\"}");
    assertError(400, "InvalidParameter", "POST", IDENTITIES, Map.of(), body.replace("}", ",\"extra\":1}"));
    assertError(404, "InstanceNotFound", "POST", IDENTITIES, Map.of(),
        body.replace("}", ",\"instanceId\":\"other\"}"));
    assertError(400, "InvalidParameter.IdentityType", "GET", IDENTITIES, Map.of("identityType", "X"), "");
    assertError(400, "MissingParameter", "DELETE", IDENTITIES, Map.of("username", "alice"), "");
    assertError(400, "InvalidParameter.Size", "GET", IDENTITIES, Map.of("size", "0"), "");
  }

  @Test
  void permissionsAreAddedUpdatedQueriedAndDeleted() throws Exception {
    String rule = "{\"identityType\":\"USER\",\"identity\":\"alice\",\"topic\":\"a/+\",\"permitAction\":\"PUB_SUB\","
        + "\"effect\":\"ALLOW\"}";
    AdminResponse added = call("POST", PERMISSIONS, Map.of(), rule);
    assertEquals(201, added.status());
    assertEquals(List.of("identityType", "identity", "topic", "permitAction", "effect"), fieldNames(json(added)));
    assertEquals(AuthorizationResult.ALLOW, auth.index().decide(Action.SUBSCRIBE, "alice", "c", "a/b"));

    assertEquals(200, call("PUT", PERMISSIONS, Map.of(), rule.replace("ALLOW", "DENY")).status());
    assertEquals(AuthorizationResult.DENY, auth.index().decide(Action.SUBSCRIBE, "alice", "c", "a/b"));
    JsonNode page = json(call("GET", PERMISSIONS, Map.of("identity", "alice", "topic", "a/+"), ""));
    assertEquals(1, page.get("total").asLong());
    assertEquals("DENY", page.get("results").get(0).get("effect").asText());

    assertError(409, "InvalidParameter.Duplicate", "POST", PERMISSIONS, Map.of(), rule);
    assertError(400, "InvalidParameter.Topic", "POST", PERMISSIONS, Map.of(), rule.replace("a/+", "a/#/b"));
    assertError(400, "InvalidParameter.PermitAction", "POST", PERMISSIONS, Map.of(), rule.replace("PUB_SUB", "ALL"));
    assertError(400, "InvalidParameter.Effect", "POST", PERMISSIONS, Map.of(), rule.replace("ALLOW", "PERMIT"));
    assertError(404, "CustomAuthPermissionNotFound", "PUT", PERMISSIONS, Map.of(), rule.replace("alice", "bob"));

    Map<String, String> key = Map.of("identityType", "USER", "identity", "alice", "topic", "a/+");
    assertEquals(204, call("DELETE", PERMISSIONS, key, "").status());
    assertError(404, "CustomAuthPermissionNotFound", "DELETE", PERMISSIONS, key, "");
    assertError(400, "MissingParameter", "DELETE", PERMISSIONS, Map.of("identityType", "USER"), "");
  }

  @Test
  void theBlacklistAnswersConnectDenyEntries() throws Exception {
    AdminResponse added = call("POST", BLACKLIST, Map.of(), "{\"clientId\":\"GID_a@@@1\"}");
    assertEquals(201, added.status());
    JsonNode entry = json(added);
    assertEquals(List.of("clientId", "effect", "permitAction"), fieldNames(entry));
    assertEquals("DENY", entry.get("effect").asText());
    assertEquals("CONNECT", entry.get("permitAction").asText());
    call("POST", BLACKLIST, Map.of(), "{\"clientId\":\"GID_a@@@2\"}");
    call("POST", BLACKLIST, Map.of(), "{\"clientId\":\"GID_a@@@3\"}");

    JsonNode first = json(call("GET", BLACKLIST, Map.of("size", "2"), ""));
    assertEquals(3, first.get("total").asLong());
    assertEquals(2, first.get("results").size());
    JsonNode second = json(call("GET", BLACKLIST, Map.of("size", "2", "nextToken", first.get("nextToken").asText()),
        ""));
    assertEquals("GID_a@@@3", second.get("results").get(0).get("clientId").asText());
    assertTrue(second.get("nextToken").isNull());
    assertEquals(1, json(call("GET", BLACKLIST, Map.of("clientId", "GID_a@@@2"), "")).get("total").asLong());

    assertError(409, "InvalidParameter.Duplicate", "POST", BLACKLIST, Map.of(), "{\"clientId\":\"GID_a@@@1\"}");
    assertEquals(204, call("DELETE", BLACKLIST + "/GID_a@@@1", Map.of(), "").status());
    assertError(404, "CustomAuthConnectBlackNotFound", "DELETE", BLACKLIST + "/GID_a@@@1", Map.of(), "");
    assertError(400, "InvalidParameter.NextToken", "GET", BLACKLIST, Map.of("nextToken", "nope"), "");
  }

  @Test
  void overCapacityIs400WithTheReferenceCode() {
    for (int i = 0; i < 6; i++) {
      call("POST", BLACKLIST, Map.of(), "{\"clientId\":\"c" + i + "\"}");
    }

    assertError(400, "Customauth.over.capacity", "POST", IDENTITIES, Map.of(),
        "{\"username\":\"u\",\"identityType\":\"USER\",\"secret\":\"s\",\"signMode\":\"ORIGIN\"}");
  }

  @Test
  void onlyTheOwnerKeyMayManageCustomAuth() {
    caller = new Caller("AK-app", false);
    for (Route route : routes.routes()) {
      String path = route.pathTemplate().replace("{clientId}", "GID_a@@@1");
      assertError(403, "Forbidden", route.method(), path, Map.of(), "{}");
    }
  }

  @Test
  void theOpenApiFragmentDescribesExactlyTheseRoutesAndItsReferencesResolve() {
    OpenApiDocument document = new OpenApiDocument(getClass().getClassLoader(), "openapi", List.of("custom-auth"));
    List<Route> all = routes.routes();

    assertEquals(11, all.size());
    assertEquals(List.of(), document.undocumented(all));
    assertEquals(List.of(), document.unimplemented(all).stream()
        .filter(endpoint -> endpoint.path().startsWith("/api/v1/custom-auth")).toList());
    assertEquals(List.of(), document.unresolvedReferences());
  }

  private void assertError(int status, String code, String method, String path, Map<String, String> query,
      String body) {
    ApiException e = assertThrows(ApiException.class, () -> call(method, path, query, body), method + " " + path);
    assertEquals(status, e.status(), e.code() + ": " + e.getMessage());
    assertEquals(code, e.code(), e.getMessage());
  }

  /** Routes the request like the server would: method, then template segments with {name} captured. */
  private AdminResponse call(String method, String path, Map<String, String> query, String body) {
    for (Route route : routes.routes()) {
      Optional<Map<String, String>> params = match(route.pathTemplate(), path);
      if (route.method().equals(method) && params.isPresent()) {
        Map<String, List<String>> q = new HashMap<>();
        query.forEach((k, v) -> q.put(k, List.of(v)));
        AdminRequest request = new AdminRequest(method, path, params.get(), q,
            body.getBytes(StandardCharsets.UTF_8), Optional.of(caller), "req-1");
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
