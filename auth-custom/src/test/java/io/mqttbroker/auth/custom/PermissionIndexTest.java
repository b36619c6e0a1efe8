package io.mqttbroker.auth.custom;

import static io.mqttbroker.core.security.spi.AuthorizationResult.ALLOW;
import static io.mqttbroker.core.security.spi.AuthorizationResult.DENY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.auth.custom.permission.CustomAuthPermission;
import io.mqttbroker.auth.custom.permission.CustomAuthPermission.PermissionKey;
import io.mqttbroker.auth.custom.permission.Effect;
import io.mqttbroker.auth.custom.permission.PermissionIndex;
import io.mqttbroker.auth.custom.permission.PermitAction;
import io.mqttbroker.core.security.spi.Action;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PermissionIndexTest {
  @TempDir Path dir;

  @Test
  void removingTheLastRuleOfAnIdentityForgetsTheIdentity() {
    PermissionIndex index = new PermissionIndex();
    index.put(CustomAuthPermission.of(IdentityType.USER, "alice", "a/#", PermitAction.PUB, Effect.ALLOW));
    index.put(CustomAuthPermission.of(IdentityType.USER, "alice", "a/#", PermitAction.PUB, Effect.DENY));
    assertEquals(1, index.size(), "same key replaces");
    assertEquals(DENY, index.decide(Action.PUBLISH, "alice", "c", "a/b"));

    assertTrue(index.remove(PermissionKey.of(IdentityType.USER, "alice", "a/#")));
    assertFalse(index.remove(PermissionKey.of(IdentityType.USER, "alice", "a/#")));

    assertEquals(0, index.size());
    assertEquals(List.of(), index.rules());
    index.put(CustomAuthPermission.of(IdentityType.USER, "alice", "a/#", PermitAction.PUB, Effect.ALLOW));
    assertEquals(ALLOW, index.decide(Action.PUBLISH, "alice", "c", "a/b"));
  }

  @Test
  void aSubscribeDenyStopsApplyingWhenItIsReplacedOrRemoved() {
    PermissionIndex index = new PermissionIndex();
    index.put(CustomAuthPermission.of(IdentityType.USER, "alice", "a/#", PermitAction.SUB, Effect.ALLOW));
    index.put(CustomAuthPermission.of(IdentityType.USER, "alice", "a/secret", PermitAction.PUB_SUB, Effect.DENY));
    assertEquals(DENY, index.decide(Action.SUBSCRIBE, "alice", "c", "a/#"), "the deny shares a/secret with a/#");

    index.put(CustomAuthPermission.of(IdentityType.USER, "alice", "a/secret", PermitAction.PUB, Effect.DENY));
    assertEquals(ALLOW, index.decide(Action.SUBSCRIBE, "alice", "c", "a/#"), "now a deny for PUB only");
    index.put(CustomAuthPermission.of(IdentityType.USER, "alice", "a/secret", PermitAction.SUB, Effect.DENY));
    assertEquals(DENY, index.decide(Action.SUBSCRIBE, "alice", "c", "a/#"));
    index.put(CustomAuthPermission.of(IdentityType.USER, "alice", "a/secret", PermitAction.SUB, Effect.ALLOW));
    assertEquals(ALLOW, index.decide(Action.SUBSCRIBE, "alice", "c", "a/#"), "replaced by an allow");
    index.put(CustomAuthPermission.of(IdentityType.USER, "alice", "a/secret", PermitAction.SUB, Effect.DENY));
    assertTrue(index.remove(PermissionKey.of(IdentityType.USER, "alice", "a/secret")));
    assertEquals(ALLOW, index.decide(Action.SUBSCRIBE, "alice", "c", "a/#"), "removed");
  }

  @Test
  void theIndexLoadedAfterARestartEqualsTheOneBuiltLive() {
    CustomAuthFixture fx = new CustomAuthFixture(dir);
    IdentityType[] types = IdentityType.values();
    PermitAction[] actions = PermitAction.values();
    Effect[] effects = Effect.values();
    String[] topics = {"a/b", "a/+", "a/#", "#", "+/x", "$app/#", "d/e/f", "d/+/f"};
    // 40 distinct keys: the cycles of 2 types, 5 identities and 8 topics first repeat together at 40.
    for (int i = 0; i < 40; i++) {
      fx.auth.permissions().add(CustomAuthPermission.of(types[i % 2], "id" + (i % 5), topics[i % topics.length],
          actions[i % 3], effects[(i / 7) % 2]));
    }
    // Changes after the adds must be reflected the same way.
    fx.auth.permissions().update(CustomAuthPermission.of(IdentityType.USER, "id0", "a/b", PermitAction.SUB,
        Effect.DENY));
    fx.auth.permissions().delete(PermissionKey.of(IdentityType.CLIENT, "id1", "a/+"));
    Set<CustomAuthPermission> live = new HashSet<>(fx.auth.index().rules());
    List<String> probes = List.of("a/b", "a/c", "d/e/f", "$app/x", "q/x", "a/#", "d/+/f");
    StringBuilder liveAnswers = answers(fx.auth.index(), probes);
    assertTrue(liveAnswers.indexOf("ALLOW") >= 0 && liveAnswers.indexOf("DENY") >= 0, "the probes tell indexes apart");

    CustomAuthFixture restarted = fx.restart(10_000);
    try {
      assertEquals(live, new HashSet<>(restarted.auth.index().rules()));
      assertEquals(live.size(), restarted.auth.index().size());
      assertEquals(liveAnswers.toString(), answers(restarted.auth.index(), probes).toString());
    } finally {
      restarted.close();
    }
  }

  private static StringBuilder answers(PermissionIndex index, List<String> probes) {
    StringBuilder sb = new StringBuilder();
    for (int id = 0; id < 5; id++) {
      for (String probe : probes) {
        for (Action action : Action.values()) {
          if (action == Action.PUBLISH && (probe.contains("#") || probe.contains("+"))) {
            continue;
          }
          sb.append(index.decide(action, "id" + id, "id" + ((id + 1) % 5), probe)).append(' ');
        }
      }
    }
    return sb;
  }

  @Test
  void aCheckAnswersCorrectlyAmongAMillionRules() {
    PermissionIndex index = new PermissionIndex();
    // 10,000 usernames and 10,000 client ids with 50 rules each, over overlapping topic trees.
    for (int id = 0; id < 10_000; id++) {
      for (int t = 0; t < 50; t++) {
        String topic = "fleet/" + (id % 100) + "/" + t;
        index.put(new CustomAuthPermission(IdentityType.USER, "user" + id, topic, PermitAction.PUB, Effect.ALLOW));
        index.put(new CustomAuthPermission(IdentityType.CLIENT, "GID_f@@@" + id, topic + "/+", PermitAction.SUB,
            Effect.ALLOW));
      }
    }
    assertEquals(1_000_000, index.size());
    index.put(new CustomAuthPermission(IdentityType.CLIENT, "GID_f@@@4242", "fleet/42/12", PermitAction.PUB,
        Effect.DENY));

    assertEquals(ALLOW, index.decide(Action.PUBLISH, "user4242", "GID_f@@@1", "fleet/42/13"));
    assertEquals(DENY, index.decide(Action.PUBLISH, "user4242", "GID_f@@@1", "fleet/43/13"),
        "another identity's rule does not apply");
    assertEquals(DENY, index.decide(Action.PUBLISH, "user4242", "GID_f@@@4242", "fleet/42/12"),
        "the client's deny wins over the user's allow");
    assertEquals(ALLOW, index.decide(Action.PUBLISH, "user4242", "GID_f@@@4243", "fleet/42/12"));
    assertEquals(ALLOW, index.decide(Action.SUBSCRIBE, "nobody", "GID_f@@@4242", "fleet/42/2/x"));
    assertEquals(DENY, index.decide(Action.SUBSCRIBE, "nobody", "GID_f@@@4242", "fleet/42/2/#"));
    assertEquals(DENY, index.decide(Action.SUBSCRIBE, "user4242", "GID_f@@@0", "fleet/42/13"),
        "a PUB rule does not allow a subscribe");
    assertEquals(DENY, index.decide(Action.PUBLISH, "user10000", "GID_f@@@10000", "fleet/0/0"));
  }
}
