package io.mqttbroker.admin.accesskeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqttbroker.admin.http.AdminRequest;
import io.mqttbroker.admin.http.AdminResponse;
import io.mqttbroker.admin.http.ApiException;
import io.mqttbroker.admin.http.Caller;
import io.mqttbroker.admin.http.CallerVerifier;
import io.mqttbroker.admin.http.Json;
import io.mqttbroker.admin.http.Route;
import io.mqttbroker.admin.openapi.OpenApiDocument;
import io.mqttbroker.auth.signature.AccessKeyService;
import io.mqttbroker.core.security.revocation.InMemoryRevocationBus;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.SecretCipher;
import io.mqttbroker.store.StoreSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessKeyRoutesTest {
  private static final Caller OWNER = new Caller("owner-key", true);
  private static final String BASE = AccessKeyRoutes.BASE;
  private static final String ONE = AccessKeyRoutes.ONE;
  private static final String POLICIES = ONE + "/policies";
  private static final String STATEMENT =
      "{\"effect\":\"Allow\",\"actions\":[\"mq:PUB\",\"mq:SUB\"],\"resources\":[\"topic/a/#\",\"group/GID_a\"]}";

  @TempDir Path dir;
  private Database database;
  private AccessKeyService keys;
  private AccessKeyRoutes routes;

  @BeforeEach
  void open() {
    database = Database.open(StoreSettings.embedded(dir));
    keys = AccessKeyService.open(database, SecretCipher.fromKeyFile(dir.resolve("store.key")),
        new InMemoryRevocationBus(), Clock.systemUTC());
    keys.bootstrapOwner(OWNER.accessKeyId(), "owner-secret-0123456789");
    routes = new AccessKeyRoutes(keys, "mqtt-local");
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void createAnswers201WithTheSecretOnce() throws Exception {
    AdminResponse response = call("POST", BASE, "", "{\"description\":\"app\",\"policies\":[" + STATEMENT + "]}");
    assertEquals(201, response.status());
    JsonNode created = json(response);
    assertEquals(List.of("accessKeyId", "accessKeySecret", "createTime", "policies"), fieldNames(created));
    assertEquals(Json.MAPPER.readTree("[" + STATEMENT + "]"), created.get("policies"));
    String id = created.get("accessKeyId").asText();

    Optional<Caller> caller = AccessKeyRoutes.callerVerifier(keys).verify(id, created.get("accessKeySecret").asText());
    assertEquals(Optional.of(new Caller(id, false)), caller, "the new key signs admin calls, as a non-owner");

    JsonNode read = json(call("GET", ONE, id, ""));
    assertEquals(List.of("accessKeyId", "description", "owner", "createTime", "policies"), fieldNames(read));
    assertEquals("app", read.get("description").asText());
    assertFalse(read.get("owner").asBoolean());
    assertEquals(created.get("createTime"), read.get("createTime"));
  }

  @Test
  void createWithoutBodyMakesAKeyThatCanDoNothing() throws Exception {
    JsonNode created = json(call("POST", BASE, "", ""));
    assertEquals(0, created.get("policies").size());
    assertEquals(201, call("POST", BASE, "", "null").status());
  }

  @Test
  void listPagesWithoutSecrets() throws Exception {
    Set<String> secrets = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      secrets.add(json(call("POST", BASE, "", "{}")).get("accessKeySecret").asText());
    }
    List<String> ids = new ArrayList<>();
    String nextToken = null;
    do {
      Map<String, String> query = new HashMap<>(Map.of("size", "2"));
      if (nextToken != null) {
        query.put("nextToken", nextToken);
      }
      AdminResponse response = call("GET", BASE, "", "", query, OWNER);
      String text = new String(Json.MAPPER.writeValueAsBytes(response.body()), StandardCharsets.UTF_8);
      secrets.forEach(secret -> assertFalse(text.contains(secret), "no secret in a list"));
      assertFalse(text.contains("owner-secret-0123456789"));
      JsonNode page = Json.MAPPER.readTree(text);
      assertEquals(List.of("results", "nextToken", "total"), fieldNames(page));
      assertEquals(6, page.get("total").asLong(), "five keys and the owner");
      page.get("results").forEach(key -> ids.add(key.get("accessKeyId").asText()));
      nextToken = page.get("nextToken").isNull() ? null : page.get("nextToken").asText();
    } while (nextToken != null);
    assertEquals(6, new HashSet<>(ids).size());
    assertEquals("InvalidParameter.Size", error(() -> call("GET", BASE, "", "", Map.of("size", "101"), OWNER)).code());
    assertEquals("InvalidParameter.NextToken",
        error(() -> call("GET", BASE, "", "", Map.of("nextToken", "@@"), OWNER)).code());
  }

  @Test
  void setPoliciesReplacesThemAndNamesABadStatement() throws Exception {
    String id = json(call("POST", BASE, "", "{}")).get("accessKeyId").asText();
    AdminResponse changed = call("PUT", POLICIES, id, "[" + STATEMENT + "]");
    assertEquals(200, changed.status());
    assertEquals(Json.MAPPER.readTree("[" + STATEMENT + "]"), json(changed).get("policies"));

    ApiException bad = error(() -> call("PUT", POLICIES, id,
        "[" + STATEMENT + ",{\"effect\":\"Allow\",\"actions\":[\"mq:PUB\"],\"resources\":[\"topic/a/#/b\"]}]"));
    assertEquals(400, bad.status());
    assertEquals("InvalidParameter.Policies", bad.code());
    assertTrue(bad.getMessage().startsWith("policies[1].resources"), bad.getMessage());

    ApiException missing = error(() -> call("PUT", POLICIES, id, "[{\"effect\":\"Deny\",\"resources\":[\"topic/x\"]}]"));
    assertEquals("InvalidParameter.Policies", missing.code());
    assertTrue(missing.getMessage().contains("policies[0].actions"), missing.getMessage());
    assertEquals("InvalidParameter.Policies",
        error(() -> call("PUT", POLICIES, id, "[{\"effect\":\"Deny\",\"actions\":[null],\"resources\":[\"topic/x\"]}]"))
            .code());
    assertEquals("InvalidParameter.Policies", error(() -> call("PUT", POLICIES, id, "[null]")).code());
    assertEquals("InvalidParameter", error(() -> call("PUT", POLICIES, id,
        "[{\"effect\":\"Deny\",\"actions\":[\"mq:PUB\"],\"resources\":[\"topic/x\"],\"condition\":{}}]")).code());
    assertEquals("MissingParameter", error(() -> call("PUT", POLICIES, id, "")).code());
    assertEquals("MissingParameter", error(() -> call("PUT", POLICIES, id, "null")).code());
    assertEquals(Json.MAPPER.readTree("[" + STATEMENT + "]"), json(call("GET", ONE, id, "")).get("policies"),
        "refused changes change nothing");
  }

  @Test
  void deleteAnswers204ThenTheKeyIsGone() {
    String id = keys.create("", List.of()).accessKeyId();
    assertEquals(204, call("DELETE", ONE, id, "").status());
    ApiException gone = error(() -> call("GET", ONE, id, ""));
    assertEquals(404, gone.status());
    assertEquals("AccessKeyNotFound", gone.code());
    assertEquals(404, error(() -> call("DELETE", ONE, id, "")).status());
    assertEquals(404, error(() -> call("PUT", POLICIES, id, "[]")).status());
    assertEquals(Optional.empty(), keys.find(id));
  }

  @Test
  void theOwnerKeyIsProtected() {
    ApiException delete = error(() -> call("DELETE", ONE, OWNER.accessKeyId(), ""));
    assertEquals(403, delete.status());
    assertEquals("OwnerKeyProtected", delete.code());
    assertEquals(403, error(() -> call("PUT", POLICIES, OWNER.accessKeyId(), "[" + STATEMENT + "]")).status());
  }

  @Test
  void onlyTheOwnerManagesAccessKeys() {
    String id = keys.create("", List.of()).accessKeyId();
    Caller other = new Caller(id, false);
    for (Route route : routes.routes()) {
      ApiException e = error(() -> call(route.method(), route.pathTemplate(), id, "{}", Map.of(), other));
      assertEquals(403, e.status(), route.method() + " " + route.pathTemplate());
      assertEquals("Forbidden", e.code());
    }
    assertTrue(keys.find(id).isPresent());
  }

  @Test
  void anotherInstanceIsNotFound() {
    String id = keys.create("", List.of()).accessKeyId();
    assertEquals("InstanceNotFound", error(() -> call("POST", BASE, "", "{\"instanceId\":\"other\"}")).code());
    assertEquals("InstanceNotFound",
        error(() -> call("DELETE", ONE, id, "", Map.of("instanceId", "other"), OWNER)).code());
    assertEquals(201, call("POST", BASE, "", "{\"instanceId\":\"mqtt-local\"}").status());
  }

  @Test
  void callerVerifierKnowsTheOwnerAndRefusesWrongSecrets() {
    CallerVerifier verifier = AccessKeyRoutes.callerVerifier(keys);
    assertEquals(Optional.of(OWNER), verifier.verify(OWNER.accessKeyId(), "owner-secret-0123456789"));
    assertEquals(Optional.empty(), verifier.verify(OWNER.accessKeyId(), "owner-secret-012345678"));
    assertEquals(Optional.empty(), verifier.verify("AKUNKNOWN", "owner-secret-0123456789"));
  }

  @Test
  void theOpenApiDocumentDescribesExactlyTheseRoutes() {
    OpenApiDocument document =
        new OpenApiDocument(getClass().getClassLoader(), "openapi", List.of("access-keys"));
    assertEquals(List.of(), document.undocumented(routes.routes()));
    assertEquals(List.of(), document.unresolvedReferences());
    List<OpenApiDocument.Endpoint> ours = document.unimplemented(routes.routes()).stream()
        .filter(e -> e.path().startsWith(BASE)).toList();
    assertEquals(List.of(), ours);
  }

  private AdminResponse call(String method, String template, String id, String body) {
    return call(method, template, id, body, Map.of(), OWNER);
  }

  /** Calls the route for {@code method} and {@code template} as the server would after routing and Basic auth. */
  private AdminResponse call(
      String method, String template, String id, String body, Map<String, String> query, Caller caller) {
    Route route = routes.routes().stream()
        .filter(r -> r.method().equals(method) && r.pathTemplate().equals(template))
        .findFirst().orElseThrow(() -> new AssertionError("no route " + method + " " + template));
    Map<String, String> pathParams = template.contains("{id}") ? Map.of("id", id) : Map.of();
    Map<String, List<String>> q = new HashMap<>();
    query.forEach((k, v) -> q.put(k, List.of(v)));
    return route.handler().handle(new AdminRequest(method, template.replace("{id}", id), pathParams, q,
        body.getBytes(StandardCharsets.UTF_8), Optional.of(caller), "req-1"));
  }

  private static ApiException error(Runnable call) {
    return assertThrows(ApiException.class, call::run);
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
