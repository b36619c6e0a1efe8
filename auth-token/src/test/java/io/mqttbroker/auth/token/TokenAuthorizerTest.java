package io.mqttbroker.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.AuthorizationRequest;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.security.spi.Principal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TokenAuthorizerTest {
  private final MovableClock clock = new MovableClock(TokenFixture.START);
  private final TokenAuthorizer authorizer = new TokenAuthorizer(clock);
  private final long inAnHour = clock.millis() + Duration.ofHours(1).toMillis();

  private RecordingClientContext clientWith(GrantedToken... tokens) {
    Map<TokenType, GrantedToken> map = new EnumMap<>(TokenType.class);
    for (GrantedToken t : tokens) {
      map.put(t.type(), t);
    }
    return new RecordingClientContext("c1", new TokenGrants(map).principal("AK1", "c1"), clock);
  }

  private GrantedToken token(TokenType type, long expireTime, String... resources) {
    return new GrantedToken(type, List.of(resources), expireTime, "hash-" + type);
  }

  private AuthorizationResult ask(RecordingClientContext client, Action action, String topic) {
    CompletableFuture<AuthorizationResult> stage =
        authorizer.authorize(new AuthorizationRequest(client, action, topic, 1)).toCompletableFuture();
    assertTrue(stage.isDone(), "answered from memory, at once");
    return stage.join();
  }

  private static List<String> notices(RecordingClientContext client) {
    return client.messagesOn(TokenNotices.INVALID_NOTICE_TOPIC).stream().map(RecordingClientContext.Message::payload)
        .toList();
  }

  @Test
  void otherModesPrincipalsAreNoMatch() {
    RecordingClientContext client = new RecordingClientContext("c1", Principal.of("signature", "AK1", Set.of()), clock);
    assertEquals(AuthorizationResult.NO_MATCH, ask(client, Action.PUBLISH, "a"));
    assertTrue(client.messages.isEmpty());
  }

  @Test
  void publishNeedsAWriteTokenWhoseResourcesMatchTheTopic() {
    RecordingClientContext client = clientWith(token(TokenType.W, inAnHour, "p/+", "q/#"));
    assertEquals(AuthorizationResult.ALLOW, ask(client, Action.PUBLISH, "p/1"));
    assertEquals(AuthorizationResult.ALLOW, ask(client, Action.PUBLISH, "q"));
    assertEquals(AuthorizationResult.ALLOW, ask(client, Action.PUBLISH, "q/a/b"));
    assertTrue(client.messages.isEmpty());
    assertEquals(AuthorizationResult.DENY, ask(client, Action.PUBLISH, "p/1/2"));
    assertEquals(List.of("{\"code\":4,\"type\":\"W\"}"), notices(client));
  }

  @Test
  void aReadWriteTokenAllowsBoth() {
    RecordingClientContext client = clientWith(token(TokenType.RW, inAnHour, "a/#"));
    assertEquals(AuthorizationResult.ALLOW, ask(client, Action.PUBLISH, "a/b"));
    assertEquals(AuthorizationResult.ALLOW, ask(client, Action.SUBSCRIBE, "a/+/c"));
  }

  @Test
  void subscribeNeedsAReadTokenThatCoversTheFilter() {
    RecordingClientContext client = clientWith(token(TokenType.R, inAnHour, "a/+"), token(TokenType.W, inAnHour, "#"));
    assertEquals(AuthorizationResult.ALLOW, ask(client, Action.SUBSCRIBE, "a/b"));
    assertEquals(AuthorizationResult.ALLOW, ask(client, Action.SUBSCRIBE, "a/+"));
    assertEquals(AuthorizationResult.DENY, ask(client, Action.SUBSCRIBE, "a/#"), "a/+ does not cover a/#");
    assertEquals(List.of("{\"code\":4,\"type\":\"R\"}"), notices(client));
  }

  @Test
  void givenNoTokenOfTheNeededTypeThenCode5() {
    RecordingClientContext reader = clientWith(token(TokenType.R, inAnHour, "#"));
    assertEquals(AuthorizationResult.DENY, ask(reader, Action.PUBLISH, "a"));
    assertEquals(List.of("{\"code\":5,\"type\":\"W\"}"), notices(reader));

    RecordingClientContext writer = clientWith(token(TokenType.W, inAnHour, "#"));
    assertEquals(AuthorizationResult.DENY, ask(writer, Action.SUBSCRIBE, "a"));
    assertEquals(List.of("{\"code\":5,\"type\":\"R\"}"), notices(writer));
  }

  @Test
  void givenTheCoveringTokenHasExpiredThenCode2() {
    RecordingClientContext client = clientWith(token(TokenType.W, clock.millis() + 1000, "a"),
        token(TokenType.RW, inAnHour, "b"));
    assertEquals(AuthorizationResult.ALLOW, ask(client, Action.PUBLISH, "a"));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(AuthorizationResult.DENY, ask(client, Action.PUBLISH, "a"));
    assertEquals(List.of("{\"code\":2,\"type\":\"W\"}"), notices(client));
    assertEquals(AuthorizationResult.ALLOW, ask(client, Action.PUBLISH, "b"), "the other token still works");
  }

  @Test
  void givenEveryFittingTokenHasExpiredThenCode2EvenForUncoveredTopics() {
    RecordingClientContext client = clientWith(token(TokenType.R, clock.millis() + 1000, "a"));
    clock.advance(Duration.ofMinutes(1));
    assertEquals(AuthorizationResult.DENY, ask(client, Action.SUBSCRIBE, "zzz"));
    assertEquals(List.of("{\"code\":2,\"type\":\"R\"}"), notices(client));
  }

  @Test
  void givenAnExpiredTokenAndALiveOneThatDoesNotCoverThenCode4NamesTheLiveOne() {
    RecordingClientContext client = clientWith(token(TokenType.W, clock.millis() + 1000, "a"),
        token(TokenType.RW, inAnHour, "b"));
    clock.advance(Duration.ofMinutes(1));
    assertEquals(AuthorizationResult.DENY, ask(client, Action.PUBLISH, "c"));
    assertEquals(List.of("{\"code\":4,\"type\":\"RW\"}"), notices(client));
  }

  @Test
  void dollarTopicsAreNotMatchedByWildcardResources() {
    RecordingClientContext client = clientWith(token(TokenType.RW, inAnHour, "#"));
    assertEquals(AuthorizationResult.DENY, ask(client, Action.PUBLISH, "$SYS/x"));
    assertEquals(AuthorizationResult.DENY, ask(client, Action.SUBSCRIBE, "$SYS/#"));
  }
}
