package io.mqttbroker.auth.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.auth.custom.CustomAuthException.Kind;
import io.mqttbroker.auth.custom.permission.CustomAuthPermission;
import io.mqttbroker.auth.custom.permission.CustomAuthPermission.PermissionKey;
import io.mqttbroker.auth.custom.permission.Effect;
import io.mqttbroker.auth.custom.permission.PermissionFilter;
import io.mqttbroker.auth.custom.permission.PermissionService;
import io.mqttbroker.auth.custom.permission.PermitAction;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PermissionServiceTest {
  @TempDir Path dir;
  CustomAuthFixture fx;
  PermissionService permissions;

  @BeforeEach
  void start() {
    fx = new CustomAuthFixture(dir);
    permissions = fx.auth.permissions();
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  static CustomAuthPermission rule(IdentityType type, String identity, String topic, PermitAction action,
      Effect effect) {
    return CustomAuthPermission.of(type, identity, topic, action, effect);
  }

  @Test
  void addPutsTheRuleInTheIndexAndAsksLiveSessionsToRecheck() {
    permissions.add(rule(IdentityType.USER, "alice", "a/#", PermitAction.PUB, Effect.ALLOW));
    permissions.add(rule(IdentityType.CLIENT, "GID_a@@@1", "b/+", PermitAction.SUB, Effect.ALLOW));

    assertEquals(AuthorizationResult.ALLOW, fx.auth.index().decide(Action.PUBLISH, "alice", "x", "a/b"));
    assertEquals(AuthorizationResult.ALLOW, fx.auth.index().decide(Action.SUBSCRIBE, "zed", "GID_a@@@1", "b/c"));
    assertEquals(List.of(Revocation.recheck("customUser:alice", "custom auth permission added"),
        Revocation.recheck("customClient:GID_a@@@1", "custom auth permission added")), fx.revocations);
  }

  @Test
  void addingAnExistingKeyIsADuplicateAndLeavesTheRuleAsItWas() {
    permissions.add(rule(IdentityType.USER, "alice", "a/#", PermitAction.PUB, Effect.ALLOW));

    CustomAuthException e = assertThrows(CustomAuthException.class,
        () -> permissions.add(rule(IdentityType.USER, "alice", "a/#", PermitAction.PUB, Effect.DENY)));

    assertEquals(Kind.DUPLICATE, e.kind());
    assertEquals("InvalidParameter.Duplicate", e.code());
    assertEquals(AuthorizationResult.ALLOW, fx.auth.index().decide(Action.PUBLISH, "alice", "x", "a/b"));
    assertEquals(1, permissions.query(PermissionFilter.ALL, PageQuery.first(10)).total());
  }

  @Test
  void theSameTopicForAnotherIdentityOrTypeIsAnotherKey() {
    permissions.add(rule(IdentityType.USER, "alice", "a/#", PermitAction.PUB, Effect.ALLOW));
    permissions.add(rule(IdentityType.CLIENT, "alice", "a/#", PermitAction.PUB, Effect.ALLOW));
    permissions.add(rule(IdentityType.USER, "bob", "a/#", PermitAction.PUB, Effect.ALLOW));

    assertEquals(3, permissions.query(PermissionFilter.ALL, PageQuery.first(10)).total());
  }

  @Test
  void updateChangesActionAndEffectInStoreAndIndex() {
    permissions.add(rule(IdentityType.USER, "alice", "a/#", PermitAction.PUB, Effect.ALLOW));
    fx.revocations.clear();

    permissions.update(rule(IdentityType.USER, "alice", "a/#", PermitAction.PUB_SUB, Effect.DENY));

    assertEquals(AuthorizationResult.DENY, fx.auth.index().decide(Action.PUBLISH, "alice", "x", "a/b"));
    CustomAuthPermission stored = permissions.query(PermissionFilter.ALL, PageQuery.first(10)).results().get(0);
    assertEquals(PermitAction.PUB_SUB, stored.permitAction());
    assertEquals(Effect.DENY, stored.effect());
    assertEquals(List.of(Revocation.recheck("customUser:alice", "custom auth permission changed")), fx.revocations);
  }

  @Test
  void updateOrDeleteOfAMissingRuleIsNotFound() {
    CustomAuthException update = assertThrows(CustomAuthException.class,
        () -> permissions.update(rule(IdentityType.USER, "alice", "a/#", PermitAction.PUB, Effect.ALLOW)));
    CustomAuthException delete = assertThrows(CustomAuthException.class,
        () -> permissions.delete(PermissionKey.of(IdentityType.CLIENT, "GID_a@@@1", "a/#")));

    assertEquals(Kind.NOT_FOUND, update.kind());
    assertEquals("CustomAuthPermissionNotFound", update.code());
    assertEquals("CustomAuthPermissionNotFound", delete.code());
    assertEquals(0, fx.auth.index().size());
    assertTrue(fx.revocations.isEmpty());
  }

  @Test
  void deleteTakesTheRuleOutOfTheIndexAndRechecks() {
    permissions.add(rule(IdentityType.CLIENT, "GID_a@@@1", "a/#", PermitAction.PUB, Effect.ALLOW));
    fx.revocations.clear();

    permissions.delete(PermissionKey.of(IdentityType.CLIENT, "GID_a@@@1", "a/#"));

    assertEquals(AuthorizationResult.DENY, fx.auth.index().decide(Action.PUBLISH, "u", "GID_a@@@1", "a/b"));
    assertEquals(0, fx.auth.index().size());
    assertEquals(List.of(Revocation.recheck("customClient:GID_a@@@1", "custom auth permission deleted")),
        fx.revocations);
  }

  @Test
  void topicsThatAreNeitherTopicNorFilterAreRefused() {
    for (String bad : List.of("a/b#", "a/#/b", "a+/b", "", "$share/g/a/b")) {
      CustomAuthException e = assertThrows(CustomAuthException.class,
          () -> permissions.add(rule(IdentityType.USER, "alice", bad, PermitAction.PUB, Effect.ALLOW)), bad);
      assertEquals("InvalidParameter.Topic", e.code(), bad);
    }
    assertEquals(0, fx.auth.index().size());
  }

  @Test
  void badEnumsAreInvalidParametersNamingTheField() {
    assertEquals("InvalidParameter.PermitAction",
        assertThrows(CustomAuthException.class, () -> PermitAction.parse("CONNECT")).code());
    assertEquals("InvalidParameter.Effect",
        assertThrows(CustomAuthException.class, () -> Effect.parse("MAYBE")).code());
    assertEquals("InvalidParameter.IdentityType",
        assertThrows(CustomAuthException.class, () -> IdentityType.parse(null)).code());
    assertEquals("InvalidParameter.Identity", assertThrows(CustomAuthException.class,
        () -> rule(IdentityType.USER, " ", "a", PermitAction.PUB, Effect.ALLOW)).code());
    assertEquals(PermitAction.PUB_SUB, PermitAction.parse("pub_sub"));
  }

  @Test
  void queryFiltersByTypeIdentityAndTopic() {
    permissions.add(rule(IdentityType.USER, "alice", "a/#", PermitAction.PUB, Effect.ALLOW));
    permissions.add(rule(IdentityType.USER, "alice", "b", PermitAction.SUB, Effect.DENY));
    permissions.add(rule(IdentityType.CLIENT, "alice", "a/#", PermitAction.PUB, Effect.ALLOW));
    permissions.add(rule(IdentityType.USER, "bob", "a/#", PermitAction.PUB, Effect.ALLOW));

    assertEquals(2, count(new PermissionFilter(Optional.of(IdentityType.USER), Optional.of("alice"), Optional.empty())));
    assertEquals(3, count(new PermissionFilter(Optional.empty(), Optional.empty(), Optional.of("a/#"))));
    assertEquals(1, count(new PermissionFilter(Optional.of(IdentityType.CLIENT), Optional.empty(), Optional.empty())));
    assertEquals(0, count(new PermissionFilter(Optional.empty(), Optional.of("carol"), Optional.empty())));
  }

  private long count(PermissionFilter filter) {
    ResultPage<CustomAuthPermission> page = permissions.query(filter, PageQuery.first(100));
    assertEquals(page.total(), page.results().size());
    return page.total();
  }

  @Test
  void queryPagesThroughMoreThanAHundredRulesWithOpaqueTokens() {
    for (int i = 0; i < 250; i++) {
      permissions.add(rule(i % 2 == 0 ? IdentityType.USER : IdentityType.CLIENT, "id" + (i % 3), "t/" + i,
          PermitAction.PUB, Effect.ALLOW));
    }
    PermissionFilter filter = PermissionFilter.ALL;
    Set<PermissionKey> seen = new HashSet<>();
    List<Integer> sizes = new ArrayList<>();
    Optional<String> token = Optional.empty();
    do {
      ResultPage<CustomAuthPermission> page = permissions.query(filter, new PageQuery(100, token));
      assertEquals(250, page.total());
      sizes.add(page.results().size());
      page.results().forEach(p -> assertTrue(seen.add(p.key()), "no entry twice"));
      token = page.nextToken();
    } while (token.isPresent());

    assertEquals(List.of(100, 100, 50), sizes);

    // A filtered query pages too, and its total counts only the matches.
    PermissionFilter only = new PermissionFilter(Optional.empty(), Optional.of("id1"), Optional.empty());
    ResultPage<CustomAuthPermission> first = permissions.query(only, new PageQuery(50, Optional.empty()));
    assertEquals(83, first.total());
    ResultPage<CustomAuthPermission> second = permissions.query(only, new PageQuery(50, first.nextToken()));
    assertEquals(33, second.results().size());
    assertEquals(Optional.empty(), second.nextToken());
  }
}
