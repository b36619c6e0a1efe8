package io.mqttbroker.auth.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.auth.custom.identity.IdentityKey;
import io.mqttbroker.auth.custom.identity.IdentitySpec;
import io.mqttbroker.auth.custom.identity.SignMode;
import io.mqttbroker.auth.custom.permission.CustomAuthPermission;
import io.mqttbroker.auth.custom.permission.CustomAuthPermission.PermissionKey;
import io.mqttbroker.auth.custom.permission.Effect;
import io.mqttbroker.auth.custom.permission.PermitAction;
import io.mqttbroker.core.security.revocation.InMemoryRevocationBus;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes over one database, each with its own index, caches and bus: what the other node announces, once it
 * reaches this node's bus (the PostgreSQL relay's job), brings this node's index and caches up to date - changes that
 * give access as well as those that take it away.
 */
class ChangesFromAnotherNodeTest {
  @TempDir Path dir;
  CustomAuthFixture fx;
  CustomAuth here;
  CustomAuth other;
  final List<Revocation> announcedThere = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    fx = new CustomAuthFixture(dir);
    here = fx.auth;
    InMemoryRevocationBus otherBus = new InMemoryRevocationBus();
    otherBus.subscribe(announcedThere::add);
    other = CustomAuth.start(fx.database, fx.secrets, otherBus, fx.clock, 10_000);
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  /** What the relay does: the other node's announcements, published on this node's bus. */
  private void relay() {
    announcedThere.forEach(fx.bus::publish);
    announcedThere.clear();
  }

  @Test
  void aPermissionNarrowedOnTheOtherNodeAppliesHereOnceItsRecheckArrives() {
    other.permissions().add(rule(IdentityType.USER, "alice", "a/#", PermitAction.PUB_SUB, Effect.ALLOW));
    other.permissions().add(rule(IdentityType.CLIENT, "c-1", "b/#", PermitAction.PUB, Effect.ALLOW));
    relay();
    assertEquals(AuthorizationResult.ALLOW, decide(Action.PUBLISH, "alice", "x", "a/b"));
    assertEquals(AuthorizationResult.ALLOW, decide(Action.PUBLISH, "zed", "c-1", "b/c"));

    other.permissions().update(rule(IdentityType.USER, "alice", "a/#", PermitAction.SUB, Effect.ALLOW));
    other.permissions().add(rule(IdentityType.USER, "alice", "a/secret", PermitAction.SUB, Effect.DENY));
    assertEquals(AuthorizationResult.ALLOW, decide(Action.PUBLISH, "alice", "x", "a/b"), "not heard of yet");
    relay();

    assertEquals(AuthorizationResult.DENY, decide(Action.PUBLISH, "alice", "x", "a/b"));
    assertEquals(AuthorizationResult.DENY, decide(Action.SUBSCRIBE, "alice", "x", "a/#"));
    assertEquals(AuthorizationResult.ALLOW, decide(Action.SUBSCRIBE, "alice", "x", "a/open"));
    assertEquals(AuthorizationResult.ALLOW, decide(Action.PUBLISH, "zed", "c-1", "b/c"), "other identities kept");
    assertEquals(3, here.index().size());

    other.permissions().delete(new PermissionKey(IdentityType.CLIENT, "c-1", "b/#"));
    relay();
    assertEquals(AuthorizationResult.DENY, decide(Action.PUBLISH, "zed", "c-1", "b/c"));
    assertEquals(2, here.index().size());
    assertEquals(here.index().rules().size(), here.index().size());
  }

  @Test
  void thisNodesOwnRecheckDoesNotReloadItsAlreadyUpdatedRules() {
    // A rule only the store knows of (the other node's announcement never arrived) ...
    other.permissions().add(rule(IdentityType.USER, "bob", "hidden/#", PermitAction.PUB, Effect.ALLOW));
    announcedThere.clear();

    // ... stays unknown here when this node changes the same identity: its own RECHECK reloads nothing.
    here.permissions().add(rule(IdentityType.USER, "bob", "open/#", PermitAction.PUB, Effect.ALLOW));

    assertEquals(AuthorizationResult.ALLOW, decide(Action.PUBLISH, "bob", "x", "open/1"));
    assertEquals(AuthorizationResult.DENY, decide(Action.PUBLISH, "bob", "x", "hidden/1"));
  }

  @Test
  void anIdentityChangedOnTheOtherNodeIsReadAgainHereOnceItsCloseArrives() {
    here.identities().add(new IdentitySpec("carol", IdentityType.USER, Optional.empty(), "old-pw", SignMode.ORIGIN));
    // A client id with the separator of the session key in it.
    here.identities().add(new IdentitySpec("carol", IdentityType.CLIENT, Optional.of("GID_c:1@@@d"), "old-c",
        SignMode.ORIGIN));
    assertEquals("old-pw", here.identities().findForConnect("carol", "any").orElseThrow().secret());
    assertEquals("old-c", here.identities().findForConnect("carol", "GID_c:1@@@d").orElseThrow().secret());

    other.identities().update(new IdentitySpec("carol", IdentityType.USER, Optional.empty(), "new-pw",
        SignMode.ORIGIN));
    other.identities().update(new IdentitySpec("carol", IdentityType.CLIENT, Optional.of("GID_c:1@@@d"), "new-c",
        SignMode.ORIGIN));
    assertEquals("old-pw", here.identities().findForConnect("carol", "any").orElseThrow().secret(), "cached");
    relay();

    assertEquals("new-pw", here.identities().findForConnect("carol", "any").orElseThrow().secret());
    assertEquals("new-c", here.identities().findForConnect("carol", "GID_c:1@@@d").orElseThrow().secret());
  }

  @Test
  void aClientIdBlacklistedOnTheOtherNodeIsRefusedHereOnceItsCloseArrives() {
    assertFalse(here.blacklist().isBlacklisted("GID_b@@@1"));

    other.blacklist().add("GID_b@@@1");
    assertFalse(here.blacklist().isBlacklisted("GID_b@@@1"), "cached");
    relay();

    assertTrue(here.blacklist().isBlacklisted("GID_b@@@1"));
  }

  @Test
  void anIdentityAddedOnTheOtherNodeIsFoundHereOnceItsRecheckArrives() {
    assertTrue(here.identities().findForConnect("dave", "any").isEmpty());

    other.identities().add(new IdentitySpec("dave", IdentityType.USER, Optional.empty(), "pw", SignMode.ORIGIN));
    assertTrue(here.identities().findForConnect("dave", "any").isEmpty(), "the refusal is cached");
    relay();

    assertEquals("pw", here.identities().findForConnect("dave", "any").orElseThrow().secret());
  }

  @Test
  void aClientIdentityAddedOnTheOtherNodeIsUsedHereOnceItsRecheckArrives() {
    here.identities().add(new IdentitySpec("erin", IdentityType.USER, Optional.empty(), "pw", SignMode.ORIGIN));
    assertEquals("pw", here.identities().findForConnect("erin", "GID_e@@@1").orElseThrow().secret());

    other.identities().add(new IdentitySpec("erin", IdentityType.CLIENT, Optional.of("GID_e@@@1"), "own",
        SignMode.ORIGIN));
    assertEquals("pw", here.identities().findForConnect("erin", "GID_e@@@1").orElseThrow().secret(), "not heard of");
    relay();

    assertEquals("own", here.identities().findForConnect("erin", "GID_e@@@1").orElseThrow().secret());
  }

  @Test
  void aClientIdTakenOffTheBlacklistOnTheOtherNodeIsLetInHereOnceItsRecheckArrives() {
    here.blacklist().add("GID_b@@@2");
    relay();
    assertTrue(here.blacklist().isBlacklisted("GID_b@@@2"));

    other.blacklist().delete("GID_b@@@2");
    assertTrue(here.blacklist().isBlacklisted("GID_b@@@2"), "cached");
    relay();

    assertFalse(here.blacklist().isBlacklisted("GID_b@@@2"));
  }

  @Test
  void sessionKeysReadBackIntoTheIdentityTheyName() {
    for (IdentityKey key : List.of(IdentityKey.user("u"), IdentityKey.user("a:b"), IdentityKey.client("u", "c"),
        IdentityKey.client("u:1", "c:2:3"), IdentityKey.client("", ""), IdentityKey.client("u", "12:x"))) {
      assertEquals(Optional.of(key), IdentityKey.fromSessionKey(key.sessionKey()), key::toString);
    }
    for (String notOne : List.of("customUser:u", "clientId:c", "customIdentity:CLIENT:", "customIdentity:CLIENT:x:c:u",
        "customIdentity:CLIENT:5:c:u", "customIdentity:CLIENT:-1:c:u", "customIdentity:CLIENT:1:cx",
        "customIdentity:CLIENT:99999999999:c:u", "customIdentity:CLIENT:2147483647:c:u")) {
      assertEquals(Optional.empty(), IdentityKey.fromSessionKey(notOne), notOne);
    }
  }

  private AuthorizationResult decide(Action action, String username, String clientId, String topic) {
    return here.index().decide(action, username, clientId, topic);
  }

  private static CustomAuthPermission rule(IdentityType type, String identity, String topic, PermitAction action,
      Effect effect) {
    return CustomAuthPermission.of(type, identity, topic, action, effect);
  }
}
