package io.mqttbroker.server.custom;

import static io.mqttbroker.server.custom.CustomAuthApi.BLACKLIST;
import static io.mqttbroker.server.custom.CustomAuthApi.IDENTITIES;
import static io.mqttbroker.server.custom.CustomAuthApi.PERMISSIONS;
import static io.mqttbroker.server.custom.CustomAuthApi.identityJson;
import static io.mqttbroker.server.custom.CustomAuthApi.permissionJson;
import static io.mqttbroker.server.custom.CustomAuthApi.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqttbroker.server.testing.AdminClient;
import io.mqttbroker.server.testing.AdminClient.Answer;
import io.mqttbroker.server.testing.RunningBroker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The eleven custom-auth operations over real HTTP (ADMIN-API.md): the error answers with their status and machine
 * code, paging with {@code nextToken}, filters, and the shared capacity {@code Customauth.over.capacity}.
 */
class CustomAuthAdminApiTest {
  private static RunningBroker broker;
  private static CustomAuthApi api;
  private static AdminClient owner;

  @BeforeAll
  static void start() {
    broker = RunningBroker.start();
    owner = broker.owner();
    api = new CustomAuthApi(owner);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void addingAnExistingKeyIsADuplicate() {
    api.user("dup", "pw", "ORIGIN");
    api.client("dup", "dup-1", "pw", "SIGNED");
    api.rule("USER", "dup", "dup/#", "PUB", "ALLOW");
    api.blacklist("dup-banned");

    assertError(409, "InvalidParameter.Duplicate", owner.post(IDENTITIES, identityJson("dup", "USER", null, "x",
        "SIGNED")));
    assertError(409, "InvalidParameter.Duplicate", owner.post(IDENTITIES, identityJson("dup", "CLIENT", "dup-1", "x",
        "ORIGIN")));
    // The key is type + identity + topic: another action or effect on the same key is still a duplicate.
    assertError(409, "InvalidParameter.Duplicate", owner.post(PERMISSIONS, permissionJson("USER", "dup", "dup/#",
        "SUB", "DENY")));
    assertError(409, "InvalidParameter.Duplicate", owner.post(BLACKLIST, "{\"clientId\":\"dup-banned\"}"));
    // Same identity name, other type: another key.
    api.rule("CLIENT", "dup", "dup/#", "PUB", "ALLOW");
  }

  @Test
  void updatingOrDeletingAMissingKeyIsNotFound() {
    assertError(404, "CustomAuthIdentityNotFound", owner.put(IDENTITIES, identityJson("ghost", "USER", null, "pw",
        "ORIGIN")));
    assertError(404, "CustomAuthIdentityNotFound", owner.delete(IDENTITIES + query("username", "ghost",
        "identityType", "CLIENT", "clientId", "ghost-1")));
    assertError(404, "CustomAuthPermissionNotFound", owner.put(PERMISSIONS, permissionJson("USER", "ghost",
        "ghost/#", "PUB", "ALLOW")));
    assertError(404, "CustomAuthPermissionNotFound", owner.delete(PERMISSIONS + query("identityType", "USER",
        "identity", "ghost", "topic", "ghost/#")));
    assertError(404, "CustomAuthConnectBlackNotFound", owner.delete(BLACKLIST + "/ghost-1"));
  }

  @Test
  void invalidTopicFiltersAreRefused() {
    for (String topic : List.of("a/#/b", "a+", "a/b#", "$share/g/a/b", "")) {
      Answer answer = owner.post(PERMISSIONS, permissionJson("USER", "topics", topic, "PUB", "ALLOW"));
      assertEquals(400, answer.status(), () -> "topic '" + topic + "': " + answer.raw());
      assertTrue(answer.text("code").equals("InvalidParameter.Topic") || answer.text("code").equals(
          "MissingParameter"), answer.raw());
    }
    assertError(400, "InvalidParameter.Topic", owner.delete(PERMISSIONS + query("identityType", "USER",
        "identity", "topics", "topic", "a/#/b")));
  }

  @Test
  void invalidEnumValuesAreRefusedNamingTheField() {
    assertError(400, "InvalidParameter.IdentityType", owner.post(IDENTITIES, identityJson("e", "ADMIN", null, "pw",
        "ORIGIN")));
    assertError(400, "InvalidParameter.SignMode", owner.post(IDENTITIES, identityJson("e", "USER", null, "pw",
        "MD5")));
    assertError(400, "InvalidParameter.PermitAction", owner.post(PERMISSIONS, permissionJson("USER", "e", "e/#",
        "READ", "ALLOW")));
    assertError(400, "InvalidParameter.Effect", owner.post(PERMISSIONS, permissionJson("USER", "e", "e/#", "PUB",
        "MAYBE")));
    assertError(400, "InvalidParameter.IdentityType", owner.get(PERMISSIONS + query("identityType", "GROUP")));
    assertError(400, "InvalidParameter.IdentityType", owner.get(IDENTITIES + query("identityType", "GROUP")));
    // Lower case is accepted (the reference's console is case-insensitive); the answer uses the canonical name.
    Answer lower = owner.post(PERMISSIONS, permissionJson("user", "e", "e/#", "pub_sub", "allow"));
    assertEquals(201, lower.status(), lower.raw());
    assertEquals("PUB_SUB", lower.text("permitAction"));
  }

  @Test
  void missingOrUnknownFieldsAndOtherInstancesAreRefused() {
    assertError(400, "MissingParameter", owner.post(IDENTITIES, "{\"username\":\"m\",\"identityType\":\"USER\","
        + "\"signMode\":\"ORIGIN\"}"));
    assertError(400, "MissingParameter", owner.post(IDENTITIES, identityJson("m", "CLIENT", null, "pw", "ORIGIN")));
    assertError(400, "InvalidParameter", owner.post(PERMISSIONS, "{\"identityType\":\"USER\",\"identity\":\"m\","
        + "\"topic\":\"m\",\"permitAction\":\"PUB\",\"effect\":\"ALLOW\",\"colour\":\"red\"}"));
    assertError(400, "InvalidParameter.Username", owner.post(IDENTITIES, identityJson("Signature|AK|x", "USER",
        null, "pw", "ORIGIN")));
    assertError(404, "InstanceNotFound", owner.post(BLACKLIST, "{\"clientId\":\"x\",\"instanceId\":\"elsewhere\"}"));
    assertError(404, "InstanceNotFound", owner.get(IDENTITIES + query("instanceId", "elsewhere")));
  }

  @Test
  void onlyTheOwnerKeyMayManageCustomAuthentication() {
    Answer created = owner.post("/api/v1/access-keys", "{\"description\":\"app server\"}");
    assertEquals(201, created.status(), created.raw());
    AdminClient other = broker.as(created.text("accessKeyId"), created.text("accessKeySecret"));

    assertEquals(403, other.post(IDENTITIES, identityJson("o", "USER", null, "pw", "ORIGIN")).status());
    assertEquals(403, other.get(IDENTITIES).status(), "QueryCustomAuthIdentity answers secrets");
    assertEquals(403, other.get(PERMISSIONS).status());
    assertEquals(403, other.post(BLACKLIST, "{\"clientId\":\"o-1\"}").status());
    assertEquals(401, broker.as(null, null).get(PERMISSIONS).status());
    assertEquals(401, broker.as(RunningBroker.OWNER_ID, "wrong").get(PERMISSIONS).status());
  }

  @Test
  void permissionsPageWithNextTokenAndFilter() {
    for (int i = 0; i < 5; i++) {
      api.rule("USER", "pager", "pager/" + i, "PUB", "ALLOW");
    }
    api.rule("CLIENT", "pager", "pager/client", "SUB", "DENY");

    List<JsonNode> all = readAllPages(PERMISSIONS + query("identity", "pager", "identityType", "USER") + "&size=2",
        5, 3);
    Set<String> topics = new HashSet<>();
    all.forEach(p -> topics.add(p.path("topic").asText()));
    assertEquals(Set.of("pager/0", "pager/1", "pager/2", "pager/3", "pager/4"), topics);
    JsonNode first = all.get(0);
    assertEquals("USER", first.path("identityType").asText());
    assertEquals("pager", first.path("identity").asText());
    assertEquals("PUB", first.path("permitAction").asText());
    assertEquals("ALLOW", first.path("effect").asText());

    Answer byTopic = owner.get(PERMISSIONS + query("identity", "pager", "topic", "pager/client"));
    assertEquals(1, byTopic.body().path("total").asInt(), byTopic.raw());
    assertEquals("DENY", byTopic.body().path("results").get(0).path("effect").asText());

    assertError(400, "InvalidParameter.NextToken", owner.get(PERMISSIONS + "?nextToken=not-a-token"));
    assertError(400, "InvalidParameter.Size", owner.get(PERMISSIONS + "?size=0"));
    assertError(400, "InvalidParameter.Size", owner.get(PERMISSIONS + "?size=101"));
  }

  @Test
  void identitiesPageWithNextTokenShowSecretsAndFilter() {
    api.user("lister", "user-secret", "SIGNED");
    for (int i = 0; i < 4; i++) {
      api.client("lister", "lister-" + i, "client-secret-" + i, "ORIGIN");
    }

    List<JsonNode> clients = readAllPages(IDENTITIES + query("username", "lister", "identityType", "CLIENT")
        + "&size=3", 4, 2);
    Set<String> ids = new HashSet<>();
    clients.forEach(c -> ids.add(c.path("clientId").asText()));
    assertEquals(Set.of("lister-0", "lister-1", "lister-2", "lister-3"), ids);
    JsonNode one = clients.stream().filter(c -> c.path("clientId").asText().equals("lister-2")).findFirst()
        .orElseThrow();
    assertEquals("client-secret-2", one.path("secret").asText());
    assertEquals("ORIGIN", one.path("signMode").asText());

    Answer user = owner.get(IDENTITIES + query("username", "lister", "identityType", "USER"));
    assertEquals(1, user.body().path("total").asInt(), user.raw());
    JsonNode u = user.body().path("results").get(0);
    assertTrue(u.path("clientId").isNull(), "a USER identity has no client id: " + u);
    assertEquals("user-secret", u.path("secret").asText());
    assertTrue(u.path("createTime").asLong() > 0);

    Answer byClient = owner.get(IDENTITIES + query("clientId", "lister-1"));
    assertEquals(1, byClient.body().path("total").asInt(), byClient.raw());
  }

  @Test
  void theBlacklistPagesAndShowsEachEntryAsAConnectDeny() {
    for (int i = 0; i < 3; i++) {
      api.blacklist("black-" + i);
    }
    Answer page = owner.get(BLACKLIST + query("clientId", "black-1"));
    assertEquals(200, page.status(), page.raw());
    assertEquals(1, page.body().path("total").asInt());
    JsonNode entry = page.body().path("results").get(0);
    assertEquals("black-1", entry.path("clientId").asText());
    assertEquals("DENY", entry.path("effect").asText());
    assertEquals("CONNECT", entry.path("permitAction").asText());

    List<String> seen = new ArrayList<>();
    String next = null;
    do {
      Answer a = owner.get(BLACKLIST + "?size=1" + (next == null ? "" : "&nextToken=" + CustomAuthApi.encode(next)));
      assertEquals(200, a.status(), a.raw());
      a.body().path("results").forEach(r -> seen.add(r.path("clientId").asText()));
      next = a.body().path("nextToken").isNull() ? null : a.body().path("nextToken").asText();
    } while (next != null && seen.size() < 100);
    assertTrue(seen.containsAll(List.of("black-0", "black-1", "black-2")), seen.toString());
    assertEquals(seen.size(), new HashSet<>(seen).size(), "no entry twice: " + seen);
  }

  @Test
  void identitiesPermissionsAndBlacklistEntriesShareTheCapacityOfMaxConnections() {
    try (RunningBroker small = RunningBroker.start(Map.of("mqtt.max-connections", "3"))) {
      CustomAuthApi tiny = new CustomAuthApi(small.owner());
      tiny.user("cap", "pw", "ORIGIN");
      tiny.rule("USER", "cap", "cap/#", "PUB", "ALLOW");
      tiny.blacklist("cap-banned");

      assertError(400, "Customauth.over.capacity", small.owner().post(IDENTITIES, identityJson("cap2", "USER", null,
          "pw", "ORIGIN")));
      assertError(400, "Customauth.over.capacity", small.owner().post(PERMISSIONS, permissionJson("USER", "cap",
          "cap/more", "PUB", "ALLOW")));
      assertError(400, "Customauth.over.capacity", small.owner().post(BLACKLIST, "{\"clientId\":\"cap-2\"}"));
      // An update takes no new place.
      tiny.changeRule("USER", "cap", "cap/#", "PUB_SUB", "DENY");

      // A delete frees its place at once, for any kind of entry.
      tiny.unblacklist("cap-banned");
      tiny.rule("USER", "cap", "cap/more", "PUB", "ALLOW");
      assertError(400, "Customauth.over.capacity", small.owner().post(BLACKLIST, "{\"clientId\":\"cap-2\"}"));
    }
  }

  /** Follows {@code nextToken} from {@code firstPage}; checks the page count, the totals and that pages end. */
  private static List<JsonNode> readAllPages(String firstPage, int expectedTotal, int expectedPages) {
    List<JsonNode> all = new ArrayList<>();
    String next = null;
    int pages = 0;
    do {
      Answer a = owner.get(firstPage + (next == null ? "" : "&nextToken=" + CustomAuthApi.encode(next)));
      assertEquals(200, a.status(), a.raw());
      assertEquals(expectedTotal, a.body().path("total").asInt(), a.raw());
      a.body().path("results").forEach(all::add);
      pages++;
      JsonNode token = a.body().path("nextToken");
      assertFalse(token.isMissingNode(), "nextToken is always present (null on the last page): " + a.raw());
      next = token.isNull() ? null : token.asText();
    } while (next != null && pages <= expectedPages);
    assertEquals(expectedPages, pages);
    assertEquals(expectedTotal, all.size());
    return all;
  }

  private static void assertError(int status, String code, Answer answer) {
    assertEquals(status, answer.status(), answer::raw);
    assertEquals(code, answer.text("code"), answer::raw);
    assertFalse(answer.text("message").isBlank(), answer::raw);
    assertFalse(answer.raw().contains("\"secret\""), "an error never echoes a secret: " + answer.raw());
  }
}
