package io.mqttbroker.auth.custom;

import static io.mqttbroker.core.security.spi.AuthorizationResult.ALLOW;
import static io.mqttbroker.core.security.spi.AuthorizationResult.DENY;
import static io.mqttbroker.core.security.spi.AuthorizationResult.NO_MATCH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.auth.custom.permission.CustomAuthPermission;
import io.mqttbroker.auth.custom.permission.Effect;
import io.mqttbroker.auth.custom.permission.PermissionIndex;
import io.mqttbroker.auth.custom.permission.PermitAction;
import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.AuthorizationRequest;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.security.spi.Principal;
import io.mqttbroker.core.testing.PassiveClient;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The decision rules, on an index built in memory (no database needed to judge). */
class CustomAuthorizerTest {
  final PermissionIndex index = new PermissionIndex();
  final CustomAuthorizer authorizer = new CustomAuthorizer(index);
  final PassiveClient alice = custom("alice", "GID_a@@@1");

  /** A client that custom mode let in as {@code username} on {@code clientId}. */
  static PassiveClient custom(String username, String clientId) {
    return new PassiveClient(clientId, username, Principal.of(CustomAuthenticator.MODE, username,
        Set.of("customUser:" + username, "customClient:" + clientId, "clientId:" + clientId)));
  }

  void user(String username, String topic, PermitAction action, Effect effect) {
    index.put(CustomAuthPermission.of(IdentityType.USER, username, topic, action, effect));
  }

  void client(String clientId, String topic, PermitAction action, Effect effect) {
    index.put(CustomAuthPermission.of(IdentityType.CLIENT, clientId, topic, action, effect));
  }

  AuthorizationResult publish(PassiveClient client, String topic) {
    return answer(client, Action.PUBLISH, topic);
  }

  AuthorizationResult subscribe(PassiveClient client, String filter) {
    return answer(client, Action.SUBSCRIBE, filter);
  }

  AuthorizationResult answer(PassiveClient client, Action action, String topic) {
    CompletionStage<AuthorizationResult> stage = authorizer.authorize(new AuthorizationRequest(client, action, topic, 1));
    assertTrue(stage.toCompletableFuture().isDone(), "answered from memory, already complete");
    return stage.toCompletableFuture().join();
  }

  @Test
  void noRuleIsADeny() {
    assertEquals(DENY, publish(alice, "a/b"));
    assertEquals(DENY, subscribe(alice, "a/b"));
  }

  @Test
  void principalsOfOtherModesAreNoMatch() {
    user("alice", "#", PermitAction.PUB_SUB, Effect.ALLOW);
    PassiveClient tokenClient = new PassiveClient("GID_a@@@1", "alice", Principal.of("token", "alice", Set.of()));

    assertEquals(NO_MATCH, publish(tokenClient, "a/b"));
  }

  @Test
  void pubSubAndPubSubRulesApplyToTheirActionsOnly() {
    user("alice", "pub/#", PermitAction.PUB, Effect.ALLOW);
    user("alice", "sub/#", PermitAction.SUB, Effect.ALLOW);
    user("alice", "both/#", PermitAction.PUB_SUB, Effect.ALLOW);

    assertEquals(ALLOW, publish(alice, "pub/x"));
    assertEquals(DENY, subscribe(alice, "pub/x"));
    assertEquals(DENY, publish(alice, "sub/x"));
    assertEquals(ALLOW, subscribe(alice, "sub/x"));
    assertEquals(ALLOW, publish(alice, "both/x"));
    assertEquals(ALLOW, subscribe(alice, "both/x"));
  }

  @Test
  void anyMatchingDenyBeatsEveryAllow() {
    user("alice", "a/#", PermitAction.PUB_SUB, Effect.ALLOW);
    user("alice", "a/secret", PermitAction.PUB, Effect.DENY);
    client("GID_a@@@1", "a/+", PermitAction.PUB_SUB, Effect.ALLOW);

    assertEquals(DENY, publish(alice, "a/secret"));
    assertEquals(ALLOW, subscribe(alice, "a/secret"), "the deny is for PUB only");
    assertEquals(ALLOW, publish(alice, "a/public"));
  }

  @Test
  void userAndClientRulesCombine() {
    user("alice", "shared/#", PermitAction.PUB, Effect.ALLOW);
    client("GID_a@@@1", "own/#", PermitAction.PUB, Effect.ALLOW);
    client("GID_a@@@1", "shared/blocked", PermitAction.PUB, Effect.DENY);
    PassiveClient aliceElsewhere = custom("alice", "GID_a@@@2");
    PassiveClient bobOnTheSameClient = custom("bob", "GID_a@@@1");

    assertEquals(ALLOW, publish(alice, "shared/x"));
    assertEquals(ALLOW, publish(alice, "own/x"));
    assertEquals(DENY, publish(alice, "shared/blocked"), "a client deny beats a user allow");
    assertEquals(ALLOW, publish(aliceElsewhere, "shared/blocked"), "the client rule is for GID_a@@@1 only");
    assertEquals(DENY, publish(aliceElsewhere, "own/x"));
    assertEquals(ALLOW, publish(bobOnTheSameClient, "own/x"));
    assertEquals(DENY, publish(bobOnTheSameClient, "shared/x"), "user rules follow the username");
  }

  @Test
  void aSubscribeNeedsARuleThatCoversTheWholeFilter() {
    user("alice", "a/+", PermitAction.SUB, Effect.ALLOW);

    assertEquals(ALLOW, subscribe(alice, "a/b"));
    assertEquals(ALLOW, subscribe(alice, "a/+"));
    assertEquals(DENY, subscribe(alice, "a/#"), "a/+ does not cover a/#");
    assertEquals(DENY, subscribe(alice, "a/b/c"));
    assertEquals(DENY, subscribe(alice, "+/b"));
  }

  @Test
  void aDenyRuleRefusesEverySubscribeThatCouldDeliverOneOfItsTopics() {
    user("alice", "a/#", PermitAction.SUB, Effect.ALLOW);
    user("alice", "a/secret", PermitAction.SUB, Effect.DENY);
    client("GID_a@@@1", "b/+/private", PermitAction.SUB, Effect.DENY);
    user("alice", "b/#", PermitAction.SUB, Effect.ALLOW);

    assertEquals(DENY, subscribe(alice, "a/secret"));
    assertEquals(DENY, subscribe(alice, "a/+"), "a/+ would deliver a/secret");
    assertEquals(DENY, subscribe(alice, "a/#"), "a/# would deliver a/secret");
    assertEquals(ALLOW, subscribe(alice, "a/public/#"), "no topic in common with the deny");
    assertEquals(ALLOW, subscribe(alice, "a/secret/x"), "a/secret does not match a/secret/x");
    assertEquals(DENY, subscribe(alice, "b/#"), "the client's deny shares b/x/private with it");
    assertEquals(DENY, subscribe(alice, "b/+/+"), "covered by b/#, but shares b/x/private with the deny");
    assertEquals(ALLOW, subscribe(alice, "b/x/public"));
  }

  @Test
  void leadingWildcardsDoNotReachDollarTopics() {
    user("alice", "#", PermitAction.PUB_SUB, Effect.ALLOW);
    user("alice", "+/status", PermitAction.PUB_SUB, Effect.ALLOW);

    assertEquals(ALLOW, publish(alice, "a/b"));
    assertEquals(DENY, publish(alice, "$SYS/x"));
    assertEquals(DENY, subscribe(alice, "$SYS/#"));
    assertEquals(DENY, publish(alice, "$app/status"));

    user("alice", "$app/#", PermitAction.PUB_SUB, Effect.ALLOW);
    assertEquals(ALLOW, publish(alice, "$app/status"));
    assertEquals(ALLOW, subscribe(alice, "$app/+"));
  }

  @Test
  void exactTopicsMatchOnlyThemselves() {
    user("alice", "a/b", PermitAction.PUB_SUB, Effect.ALLOW);

    assertEquals(ALLOW, publish(alice, "a/b"));
    assertEquals(DENY, publish(alice, "a/b/c"));
    assertEquals(DENY, publish(alice, "a"));
    assertEquals(DENY, subscribe(alice, "a/+"));
  }
}
