package io.mqttbroker.auth.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mqttbroker.auth.custom.CustomAuthException.Kind;
import io.mqttbroker.auth.custom.identity.IdentityFilter;
import io.mqttbroker.auth.custom.identity.IdentityKey;
import io.mqttbroker.auth.custom.identity.IdentitySpec;
import io.mqttbroker.auth.custom.identity.SignMode;
import io.mqttbroker.auth.custom.permission.CustomAuthPermission;
import io.mqttbroker.auth.custom.permission.Effect;
import io.mqttbroker.auth.custom.permission.PermissionFilter;
import io.mqttbroker.auth.custom.permission.PermitAction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapacityTest {
  @TempDir Path dir;

  static IdentitySpec user(String name) {
    return new IdentitySpec(name, IdentityType.USER, Optional.empty(), "s", SignMode.ORIGIN);
  }

  static CustomAuthPermission rule(String topic) {
    return CustomAuthPermission.of(IdentityType.USER, "u", topic, PermitAction.PUB, Effect.ALLOW);
  }

  @Test
  void identitiesPermissionsAndBlacklistShareOneQuota() {
    try (CustomAuthFixture fx = new CustomAuthFixture(dir, 3)) {
      fx.auth.identities().add(user("a"));
      fx.auth.permissions().add(rule("t/1"));
      fx.auth.blacklist().add("GID_x@@@1");

      CustomAuthException identity = assertThrows(CustomAuthException.class, () -> fx.auth.identities().add(user("b")));
      CustomAuthException permission = assertThrows(CustomAuthException.class,
          () -> fx.auth.permissions().add(rule("t/2")));
      CustomAuthException black = assertThrows(CustomAuthException.class, () -> fx.auth.blacklist().add("GID_x@@@2"));

      for (CustomAuthException e : List.of(identity, permission, black)) {
        assertEquals(Kind.OVER_CAPACITY, e.kind());
        assertEquals("Customauth.over.capacity", e.code());
      }
      // Nothing half-created: no row, no index entry.
      assertEquals(1, fx.auth.identities().query(IdentityFilter.ALL, PageQuery.first(10)).total());
      assertEquals(1, fx.auth.permissions().query(PermissionFilter.ALL, PageQuery.first(10)).total());
      assertEquals(1, fx.auth.blacklist().query(Optional.empty(), PageQuery.first(10)).total());
      assertEquals(1, fx.auth.index().size());
    }
  }

  @Test
  void aDuplicateAtFullCapacityIsStillReportedAsADuplicate() {
    try (CustomAuthFixture fx = new CustomAuthFixture(dir, 1)) {
      fx.auth.identities().add(user("a"));

      assertEquals(Kind.DUPLICATE,
          assertThrows(CustomAuthException.class, () -> fx.auth.identities().add(user("a"))).kind());
    }
  }

  @Test
  void deletingFreesCapacityAndTheCountSurvivesARestart() {
    CustomAuthFixture fx = new CustomAuthFixture(dir, 2);
    fx.auth.identities().add(user("a"));
    fx.auth.permissions().add(rule("t/1"));
    fx.auth.identities().delete(IdentityKey.user("a"));
    fx.auth.identities().add(user("b"));

    CustomAuthFixture again = fx.restart(2);
    try {
      assertEquals(Kind.OVER_CAPACITY,
          assertThrows(CustomAuthException.class, () -> again.auth.blacklist().add("GID_x@@@1")).kind());
      again.auth.permissions().delete(rule("t/1").key());
      again.auth.blacklist().add("GID_x@@@1");
    } finally {
      again.close();
    }
  }

  @Test
  void concurrentAddsNeverOvershootTheQuota() throws Exception {
    try (CustomAuthFixture fx = new CustomAuthFixture(dir, 25)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        int n = i;
        Callable<Boolean> add = () -> {
          try {
            switch (n % 3) {
              case 0 -> fx.auth.identities().add(user("u" + n));
              case 1 -> fx.auth.permissions().add(rule("t/" + n));
              default -> fx.auth.blacklist().add("GID_c@@@" + n);
            }
            return true;
          } catch (CustomAuthException e) {
            assertEquals(Kind.OVER_CAPACITY, e.kind());
            return false;
          }
        };
        results.add(pool.submit(add));
      }
      int added = 0;
      for (Future<Boolean> f : results) {
        added += f.get() ? 1 : 0;
      }
      pool.shutdown();

      assertEquals(25, added);
      long stored = fx.auth.identities().query(IdentityFilter.ALL, PageQuery.first(1)).total()
          + fx.auth.permissions().query(PermissionFilter.ALL, PageQuery.first(1)).total()
          + fx.auth.blacklist().query(Optional.empty(), PageQuery.first(1)).total();
      assertEquals(25, stored);
    }
  }
}
