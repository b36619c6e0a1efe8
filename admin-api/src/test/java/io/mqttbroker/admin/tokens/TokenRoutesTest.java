package io.mqttbroker.admin.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.mqttbroker.auth.signature.AccessKey;
import io.mqttbroker.auth.token.JdbcTokenStore;
import io.mqttbroker.auth.token.TokenService;
import io.mqttbroker.auth.token.TokenSettings;
import io.mqttbroker.core.security.revocation.InMemoryRevocationBus;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.StoreSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenRoutesTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Caller AK1 = new Caller("AK1", false);
  private static final Caller AK2 = new Caller("AK2", false);
  private static final Caller OWNER = new Caller("OWNER", true);
  private static final Set<String> KEYS = Set.of("AK1", "AK2", "OWNER");

  @TempDir static Path dir;
  static Database database;
  static TokenRoutes routes;

  @BeforeAll
  static void open() {
    database = Database.open(StoreSettings.embedded(dir));
    database.migrate("auth-token");
    TokenService service = new TokenService(new JdbcTokenStore(database),
        id -> KEYS.contains(id) ? Optional.of(new AccessKey(id, "s", "", id.equals("OWNER"), List.of(), 0))
            : Optional.empty(),
        new InMemoryRevocationBus(), CLOCK, TokenSettings.defaults(), "mqtt-local");
    routes = new TokenRoutes(service);
  }

  @AfterAll
  static void close() {
    database.close();
  }

  private static AdminResponse call(Caller caller, String path, String body) {
    Route route = routes.routes().stream().filter(r -> r.pathTemplate().equals(path)).findFirst().orElseThrow();
    assertEquals("POST", route.method());
    assertTrue(route.authenticated());
    return route.handler().handle(new AdminRequest("POST", path, Map.of(), Map.of(),
        body.getBytes(StandardCharsets.UTF_8), Optional.of(caller), "req-1"));
  }

  private static JsonNode json(AdminResponse response) {
    return Json.MAPPER.valueToTree(response.body());
  }

  private static ApiException fails(Caller caller, String path, String body) {
    return assertThrows(ApiException.class, () -> call(caller, path, body));
  }

  private static String apply(Caller caller, String actions) {
    long expireTime = CLOCK.millis() + 3_600_000;
    AdminResponse response = call(caller, "/api/v1/tokens",
        "{\"resources\":[\"a/b\",\"c/#\"],\"actions\":\"" + actions + "\",\"expireTime\":" + expireTime + "}");
    assertEquals(201, response.status());
    JsonNode body = json(response);
    assertEquals(List.of("token", "expireTime"), List.copyOf(iterable(body.fieldNames())));
    assertEquals(expireTime, body.get("expireTime").asLong());
    return body.get("token").asText();
  }

  private static <T> List<T> iterable(Iterator<T> it) {
    List<T> list = new ArrayList<>();
    it.forEachRemaining(list::add);
    return list;
  }

  private static boolean status(String token) {
    return json(call(AK2, "/api/v1/tokens/query", "{\"token\":\"" + token + "\"}")).get("tokenStatus").asBoolean();
  }

  @Test
  void applyQueryRevoke() {
    String token = apply(AK1, "R,W");
    assertTrue(status(token));
    AdminResponse revoked = call(AK1, "/api/v1/tokens/revoke", "{\"token\":\"" + token + "\"}");
    assertEquals(200, revoked.status());
    assertEquals("{}", json(revoked).toString());
    assertFalse(status(token));
    assertFalse(status("unknown"));
  }

  @Test
  void theOwnerMayRevokeAnotherKeysTokenButAnotherKeyMayNot() {
    String token = apply(AK1, "W");
    ApiException forbidden = fails(AK2, "/api/v1/tokens/revoke", "{\"token\":\"" + token + "\"}");
    assertEquals(403, forbidden.status());
    assertTrue(status(token));
    assertEquals(200, call(OWNER, "/api/v1/tokens/revoke", "{\"token\":\"" + token + "\"}").status());
    assertFalse(status(token));
  }

  @Test
  void revokingAnUnknownTokenIs404() {
    ApiException e = fails(OWNER, "/api/v1/tokens/revoke", "{\"token\":\"nope\"}");
    assertEquals(404, e.status());
    assertEquals("TokenNotFound", e.code());
  }

  @Test
  void validationErrorsKeepTheReferenceCodes() {
    long later = CLOCK.millis() + 3_600_000;
    String many = String.join(",", IntStream.range(0, 101).mapToObj(i -> "\"t/" + i + "\"").toList());
    assertEquals("ApplyTokenOverFlow", fails(AK1, "/api/v1/tokens",
        "{\"resources\":[" + many + "],\"actions\":\"R\",\"expireTime\":" + later + "}").code());
    assertEquals("InvalidParameter.Resources", fails(AK1, "/api/v1/tokens",
        "{\"resources\":[],\"actions\":\"R\",\"expireTime\":" + later + "}").code());
    assertEquals("InvalidParameter.Resources", fails(AK1, "/api/v1/tokens",
        "{\"resources\":[\"a/#/b\"],\"actions\":\"R\",\"expireTime\":" + later + "}").code());
    assertEquals("InvalidParameter.Actions", fails(AK1, "/api/v1/tokens",
        "{\"resources\":[\"a\"],\"actions\":\"RW\",\"expireTime\":" + later + "}").code());
    ApiException early = fails(AK1, "/api/v1/tokens",
        "{\"resources\":[\"a\"],\"actions\":\"R\",\"expireTime\":" + (CLOCK.millis() + 1000) + "}");
    assertEquals("InvalidParameter.ExpireTime", early.code());
    assertEquals(400, early.status());
  }

  @Test
  void missingUnknownAndMistypedFieldsAre400() {
    assertEquals("MissingParameter", fails(AK1, "/api/v1/tokens", "{\"actions\":\"R\",\"expireTime\":1}").code());
    assertEquals("MissingParameter", fails(AK1, "/api/v1/tokens", "{\"resources\":[\"a\"],\"actions\":\"R\"}").code());
    assertEquals("MissingParameter", fails(AK1, "/api/v1/tokens/query", "{}").code());
    assertEquals("InvalidParameter", fails(AK1, "/api/v1/tokens/query", "{\"token\":\"x\",\"extra\":1}").code());
    assertEquals("InvalidParameter", fails(AK1, "/api/v1/tokens",
        "{\"resources\":\"a\",\"actions\":\"R\",\"expireTime\":1}").code());
  }

  @Test
  void anotherInstanceIs404InstanceNotFound() {
    ApiException e = fails(AK1, "/api/v1/tokens/query", "{\"token\":\"x\",\"instanceId\":\"elsewhere\"}");
    assertEquals(404, e.status());
    assertEquals("InstanceNotFound", e.code());
    assertFalse(json(call(AK1, "/api/v1/tokens/query", "{\"token\":\"x\",\"instanceId\":\"mqtt-local\"}"))
        .get("tokenStatus").asBoolean());
  }

  @Test
  void theOpenApiFragmentDescribesExactlyTheseRoutes() {
    OpenApiDocument document = new OpenApiDocument(TokenRoutesTest.class.getClassLoader(), "openapi",
        List.of("tokens"));
    assertEquals(List.of(), document.undocumented(routes.routes()));
    assertEquals(List.of(), document.unimplemented(routes.routes()).stream()
        .filter(e -> e.path().startsWith("/api/v1/tokens")).toList());
    assertEquals(List.of(), document.unresolvedReferences());
  }
}
