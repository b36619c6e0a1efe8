package io.mqttbroker.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mqttbroker.server.testing.AdminClient;
import io.mqttbroker.server.testing.AdminClient.Answer;
import io.mqttbroker.server.testing.RunningBroker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The access-key routes of ADMIN-API.md over real HTTP against the running broker: every route's answer and every
 * error of the contract that applies to them (400 bad JSON / unknown field / wrong type / bad statement named,
 * 401, 403, 404, 405, 413, 429). The 503 of a store that is down is in {@code SignaturePostgresEndToEndTest}.
 */
class AccessKeyAdminApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEYS = "/api/v1/access-keys";
  private static final String ROOM = "{\"effect\":\"Allow\",\"actions\":[\"mq:PUB\",\"mq:SUB\"],\"resources\":"
      + "[\"topic/room/#\",\"group/GID_room\"]}";
  private static final String SECRET_DENY = "{\"effect\":\"Deny\",\"actions\":[\"mq:PUB\"],\"resources\":"
      + "[\"topic/room/secret\"]}";

  private static RunningBroker broker;
  private static AdminClient owner;

  @BeforeAll
  static void start() {
    broker = RunningBroker.start();
    owner = broker.owner();
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void createAnswers201WithTheIdTheSecretTheTimeAndThePoliciesAndNothingElse() throws Exception {
    long before = System.currentTimeMillis();
    Answer a = owner.post(KEYS, "{\"description\":\"room panel\",\"policies\":[" + ROOM + "," + SECRET_DENY + "]}");
    long after = System.currentTimeMillis();
    assertEquals(201, a.status(), a.raw());
    assertEquals(Set.of("accessKeyId", "accessKeySecret", "createTime", "policies"), fields(a.body()));
    assertTrue(a.text("accessKeyId").matches("AK[A-Z0-9]{20}"), a.text("accessKeyId"));
    assertTrue(a.text("accessKeySecret").length() >= 32, "a secret of at least 192 bits");
    assertFalse(a.text("accessKeySecret").contains("|"));
    long created = a.body().path("createTime").asLong();
    assertTrue(created >= before && created <= after, "createTime " + created);
    assertEquals(JSON.readTree("[" + ROOM + "," + SECRET_DENY + "]"), a.body().path("policies"));

    Answer other = owner.post(KEYS, "{}");
    assertEquals(201, other.status(), other.raw());
    assertNotEquals(a.text("accessKeyId"), other.text("accessKeyId"));
    assertNotEquals(a.text("accessKeySecret"), other.text("accessKeySecret"));
  }

  @Test
  void createWithoutABodyMakesAKeyWithoutPolicies() {
    Answer a = owner.send("POST", KEYS, null);
    assertEquals(201, a.status(), a.raw());
    assertEquals(0, a.body().path("policies").size());
    Answer got = owner.get(KEYS + "/" + a.text("accessKeyId"));
    assertEquals("", got.text("description"));
    assertFalse(got.body().path("owner").asBoolean());
  }

  @Test
  void getAndListShowTheKeyButNeverItsSecret() {
    Answer created = owner.post(KEYS, "{\"description\":\"shown\",\"policies\":[" + ROOM + "]}");
    String id = created.text("accessKeyId");
    String secret = created.text("accessKeySecret");

    Answer got = owner.get(KEYS + "/" + id);
    assertEquals(200, got.status(), got.raw());
    assertEquals(Set.of("accessKeyId", "description", "owner", "createTime", "policies"), fields(got.body()));
    assertEquals(id, got.text("accessKeyId"));
    assertEquals("shown", got.text("description"));
    assertEquals(created.body().path("createTime"), got.body().path("createTime"));
    assertEquals(created.body().path("policies"), got.body().path("policies"));
    assertFalse(got.raw().contains(secret));

    List<JsonNode> all = listAll(100);
    assertTrue(all.stream().anyMatch(k -> k.path("accessKeyId").asText().equals(id)));
    assertTrue(all.stream().anyMatch(k -> k.path("accessKeyId").asText().equals(RunningBroker.OWNER_ID)
        && k.path("owner").asBoolean()));
    for (JsonNode k : all) {
      assertFalse(k.has("accessKeySecret"), k.toString());
      assertFalse(k.toString().contains(secret));
      assertFalse(k.toString().contains(RunningBroker.OWNER_SECRET));
    }
  }

  @Test
  void listPagesWithSizeAndAnOpaqueNextTokenInIdOrder() {
    for (int i = 0; i < 3; i++) {
      assertEquals(201, owner.post(KEYS, "{\"description\":\"page " + i + "\"}").status());
    }
    Answer first = owner.get(KEYS + "?size=2");
    assertEquals(200, first.status(), first.raw());
    assertEquals(Set.of("results", "nextToken", "total"), fields(first.body()));
    assertEquals(2, first.body().path("results").size());
    assertTrue(first.body().path("nextToken").isTextual());
    long total = first.body().path("total").asLong();
    assertTrue(total >= 4, "the owner and three keys at least: " + total);

    List<JsonNode> paged = listAll(2);
    assertEquals(total, paged.size());
    List<String> ids = paged.stream().map(k -> k.path("accessKeyId").asText()).toList();
    assertEquals(ids.size(), new HashSet<>(ids).size(), "no key twice: " + ids);
    assertEquals(ids.stream().sorted().toList(), ids);
    assertEquals(ids, listAll(100).stream().map(k -> k.path("accessKeyId").asText()).toList());

    Answer defaultSize = owner.get(KEYS);
    assertTrue(defaultSize.body().path("results").size() <= 20);
  }

  @Test
  void badPageParametersAre400() {
    for (String size : List.of("0", "101", "-1", "ten")) {
      assertError(owner.get(KEYS + "?size=" + size), 400, "InvalidParameter.Size");
    }
    assertError(owner.get(KEYS + "?nextToken=not-a-token"), 400, "InvalidParameter.NextToken");
  }

  @Test
  void setPoliciesReplacesThemAnswers200AndGetShowsTheNewOnes() throws Exception {
    String id = owner.post(KEYS, "{\"policies\":[" + ROOM + "]}").text("accessKeyId");
    Answer set = owner.put(KEYS + "/" + id + "/policies", "[" + SECRET_DENY + "]");
    assertEquals(200, set.status(), set.raw());
    assertEquals(JSON.readTree("[" + SECRET_DENY + "]"), set.body().path("policies"));
    assertEquals(JSON.readTree("[" + SECRET_DENY + "]"), owner.get(KEYS + "/" + id).body().path("policies"));

    Answer cleared = owner.put(KEYS + "/" + id + "/policies", "[]");
    assertEquals(200, cleared.status(), cleared.raw());
    assertEquals(0, owner.get(KEYS + "/" + id).body().path("policies").size());
  }

  @Test
  void aBadStatementIsA400ThatNamesTheStatementAndTheField() {
    String id = owner.post(KEYS, "{}").text("accessKeyId");
    String path = KEYS + "/" + id + "/policies";
    Map<String, String> badToNamed = Map.of(
        "[" + ROOM + ",{\"actions\":[\"mq:PUB\"],\"resources\":[\"topic/a\"]}]", "policies[1].effect",
        "[{\"effect\":\"Allow\",\"resources\":[\"topic/a\"]}]", "policies[0].actions",
        "[{\"effect\":\"Allow\",\"actions\":[\"mq:PUB\"]}]", "policies[0].resources",
        "[{\"effect\":\"Maybe\",\"actions\":[\"mq:PUB\"],\"resources\":[\"topic/a\"]}]", "policies[0].effect",
        "[{\"effect\":\"Allow\",\"actions\":[\"mq:ALL\"],\"resources\":[\"topic/a\"]}]", "policies[0].actions",
        "[{\"effect\":\"Allow\",\"actions\":[\"mq:PUB\"],\"resources\":[\"queue/a\"]}]", "policies[0].resources",
        "[{\"effect\":\"Allow\",\"actions\":[\"mq:PUB\"],\"resources\":[\"topic/a/#/b\"]}]", "policies[0].resources",
        "[{\"effect\":\"Allow\",\"actions\":[\"mq:PUB\"],\"resources\":[\"group/GID_+\"]}]", "policies[0].resources");
    for (Map.Entry<String, String> bad : badToNamed.entrySet()) {
      Answer a = owner.put(path, bad.getKey());
      assertError(a, 400, "InvalidParameter.Policies");
      assertTrue(a.text("message").contains(bad.getValue()), bad.getValue() + " not named in " + a.raw());
    }
    Answer create = owner.post(KEYS, "{\"policies\":[{\"effect\":\"Allow\",\"actions\":[\"mq:PUB\"]}]}");
    assertError(create, 400, "InvalidParameter.Policies");
    assertTrue(create.text("message").contains("policies[0].resources"), create.raw());
    // Nothing was changed by the refused calls.
    assertEquals(0, owner.get(KEYS + "/" + id).body().path("policies").size());
  }

  @Test
  void badJsonUnknownFieldsAndWrongTypesAre400NamingTheField() {
    assertError(owner.post(KEYS, "{\"description\": "), 400, "InvalidJson");
    assertError(owner.post(KEYS, "{} {}"), 400, "InvalidJson");
    assertError(owner.post(KEYS, "not json"), 400, "InvalidJson");

    Answer unknown = owner.post(KEYS, "{\"description\":\"x\",\"colour\":\"red\"}");
    assertError(unknown, 400, "InvalidParameter");
    assertTrue(unknown.text("message").contains("colour"), unknown.raw());
    Answer unknownInStatement = owner.post(KEYS, "{\"policies\":[{\"effect\":\"Allow\",\"actions\":[\"mq:PUB\"],"
        + "\"resources\":[\"topic/a\"],\"condition\":{}}]}");
    assertError(unknownInStatement, 400, "InvalidParameter");
    assertTrue(unknownInStatement.text("message").contains("condition"), unknownInStatement.raw());

    Answer wrongType = owner.post(KEYS, "{\"description\":42}");
    assertError(wrongType, 400, "InvalidParameter");
    assertTrue(wrongType.text("message").contains("description"), wrongType.raw());
    Answer notAList = owner.post(KEYS, "{\"policies\":\"all\"}");
    assertError(notAList, 400, "InvalidParameter");
    assertTrue(notAList.text("message").contains("policies"), notAList.raw());
    Answer longDescription = owner.post(KEYS, "{\"description\":\"" + "d".repeat(257) + "\"}");
    assertError(longDescription, 400, "InvalidParameter.Description");

    String id = owner.post(KEYS, "{}").text("accessKeyId");
    assertError(owner.put(KEYS + "/" + id + "/policies", "[{]"), 400, "InvalidJson");
    assertError(owner.put(KEYS + "/" + id + "/policies", "{\"policies\":[]}"), 400, "InvalidParameter");
    assertError(owner.send("PUT", KEYS + "/" + id + "/policies", null), 400, "MissingParameter");
    assertError(owner.put(KEYS + "/" + id + "/policies", "null"), 400, "MissingParameter");
  }

  @Test
  void unknownIdsAre404AndADeletedKeyIsGone() {
    String unknown = KEYS + "/AKNOSUCHKEY0000000000";
    assertError(owner.get(unknown), 404, "AccessKeyNotFound");
    assertError(owner.put(unknown + "/policies", "[]"), 404, "AccessKeyNotFound");
    assertError(owner.delete(unknown), 404, "AccessKeyNotFound");

    String id = owner.post(KEYS, "{\"policies\":[" + ROOM + "]}").text("accessKeyId");
    Answer deleted = owner.delete(KEYS + "/" + id);
    assertEquals(204, deleted.status(), deleted.raw());
    assertEquals("", deleted.raw());
    assertError(owner.get(KEYS + "/" + id), 404, "AccessKeyNotFound");
    assertError(owner.delete(KEYS + "/" + id), 404, "AccessKeyNotFound");
    assertTrue(listAll(100).stream().noneMatch(k -> k.path("accessKeyId").asText().equals(id)));
  }

  @Test
  void anotherInstanceIsInstanceNotFoundAndThisOneIsAccepted() {
    assertError(owner.post(KEYS, "{\"instanceId\":\"mqtt-other\"}"), 404, "InstanceNotFound");
    assertError(owner.get(KEYS + "?instanceId=mqtt-other"), 404, "InstanceNotFound");
    Answer ok = owner.post(KEYS, "{\"instanceId\":\"" + RunningBroker.INSTANCE + "\"}");
    assertEquals(201, ok.status(), ok.raw());
    assertError(owner.get(KEYS + "/" + ok.text("accessKeyId") + "?instanceId=mqtt-other"), 404, "InstanceNotFound");
  }

  @Test
  void everyRouteWithoutCredentialsOrWithWrongOnesIs401() {
    String id = owner.post(KEYS, "{}").text("accessKeyId");
    AdminClient anonymous = broker.as(null, null);
    for (Answer a : everyRoute(anonymous, id)) {
      assertError(a, 401, "Unauthorized");
    }
    // Few enough wrong logins to stay under the damping limit (see tooManyWrongLogins...).
    assertError(broker.as(RunningBroker.OWNER_ID, "wrong-secret").get(KEYS), 401, "Unauthorized");
    assertError(broker.as("AKNOSUCHKEY0000000000", RunningBroker.OWNER_SECRET).get(KEYS), 401, "Unauthorized");
    assertEquals(200, owner.get(KEYS + "/" + id).status(), "the key was not touched");
  }

  @Test
  void aKeyThatIsNotTheOwnerMayNotManageAccessKeys() {
    Answer created = owner.post(KEYS, "{\"policies\":[" + ROOM + "]}");
    String id = created.text("accessKeyId");
    AdminClient notOwner = broker.as(id, created.text("accessKeySecret"));
    for (Answer a : everyRoute(notOwner, id)) {
      assertError(a, 403, "Forbidden");
    }
    assertEquals(1, owner.get(KEYS + "/" + id).body().path("policies").size(), "unchanged");
  }

  @Test
  void theOwnerKeyCanBeNeitherDeletedNorRestricted() {
    String self = KEYS + "/" + RunningBroker.OWNER_ID;
    assertError(owner.delete(self), 403, "OwnerKeyProtected");
    assertError(owner.put(self + "/policies", "[" + ROOM + "]"), 403, "OwnerKeyProtected");
    assertEquals(200, owner.get(self).status());
    assertTrue(owner.get(self).body().path("owner").asBoolean());
  }

  @Test
  void anOversizedBodyIs413AndTheServerCarriesOn() {
    String huge = "{\"description\":\"" + "x".repeat(70_000) + "\"}";
    assertError(owner.post(KEYS, huge), 413, "RequestTooLarge");
    String id = owner.post(KEYS, "{}").text("accessKeyId");
    assertError(owner.put(KEYS + "/" + id + "/policies", "[" + (ROOM + ",").repeat(700) + ROOM + "]"), 413,
        "RequestTooLarge");
    assertEquals(201, owner.post(KEYS, "{}").status());
  }

  @Test
  void unknownPathsAre404AndWrongMethods405() {
    assertError(owner.get("/api/v1/no-such-thing"), 404, "NotFound");
    assertError(owner.send("PATCH", KEYS, "{}"), 405, "MethodNotAllowed");
    assertError(owner.send("POST", KEYS + "/AKX", "{}"), 405, "MethodNotAllowed");
  }

  @Test
  void tooManyWrongLoginsFromOneAddressAre429EvenWithTheRightKey() {
    try (RunningBroker damped = RunningBroker.start()) {
      AdminClient guesser = damped.as(RunningBroker.OWNER_ID, "guess");
      for (int i = 0; i < 10; i++) {
        assertError(guesser.get(KEYS), 401, "Unauthorized");
      }
      assertError(guesser.get(KEYS), 429, "Throttling");
      assertError(damped.owner().get(KEYS), 429, "Throttling");
      assertEquals(200, damped.as(null, null).get("/health").status(), "open routes are not damped");
    }
  }

  /** One call of every access-key route, as {@code client}, on key {@code id}. */
  private static List<Answer> everyRoute(AdminClient client, String id) {
    return List.of(
        client.post(KEYS, "{}"),
        client.get(KEYS),
        client.get(KEYS + "/" + id),
        client.put(KEYS + "/" + id + "/policies", "[]"),
        client.delete(KEYS + "/" + id));
  }

  /** Every key, following nextToken with pages of {@code size}. */
  private static List<JsonNode> listAll(int size) {
    List<JsonNode> all = new ArrayList<>();
    String next = null;
    do {
      Answer page = owner.get(KEYS + "?size=" + size + (next == null ? "" : "&nextToken=" + next));
      assertEquals(200, page.status(), page.raw());
      assertTrue(page.body().path("results").size() <= size);
      page.body().path("results").forEach(all::add);
      next = page.body().path("nextToken").isNull() ? null : page.text("nextToken");
    } while (next != null);
    return all;
  }

  static Set<String> fields(JsonNode node) {
    Set<String> names = new HashSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  /** The answer is the contract's error: status, stable code, a message and a request id. */
  static void assertError(Answer a, int status, String code) {
    assertEquals(status, a.status(), a.raw());
    assertEquals(code, a.text("code"), a.raw());
    assertFalse(a.text("message").isBlank(), a.raw());
    assertFalse(a.text("requestId").isBlank(), a.raw());
  }
}
