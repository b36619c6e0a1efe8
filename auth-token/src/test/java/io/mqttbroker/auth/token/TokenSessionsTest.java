package io.mqttbroker.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.spi.Principal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenSessionsTest {
  private final MovableClock clock = new MovableClock(TokenFixture.START);
  private final TokenSessions sessions = new TokenSessions(clock, Duration.ofMinutes(5));

  private long in(Duration d) {
    return clock.millis() + d.toMillis();
  }

  private RecordingClientContext connected(GrantedToken... tokens) {
    Map<TokenType, GrantedToken> map = new EnumMap<>(TokenType.class);
    for (GrantedToken t : tokens) {
      map.put(t.type(), t);
    }
    RecordingClientContext client = new RecordingClientContext("c1", new TokenGrants(map).principal("AK1", "c1"),
        clock);
    sessions.onConnected(client);
    return client;
  }

  private static GrantedToken token(TokenType type, long expireTime, String hash) {
    return new GrantedToken(type, List.of("a/#"), expireTime, hash);
  }

  @Test
  void expiryNoticeFiveMinutesBeforeThenInvalidNoticeAndDisconnectAtExpiry() {
    long expireTime = in(Duration.ofMinutes(30));
    RecordingClientContext client = connected(token(TokenType.W, expireTime, "h1"));
    assertEquals(List.of(Duration.ofMinutes(25), Duration.ofMinutes(30)),
        client.pendingTasks().stream().map(t -> t.delay).toList());

    clock.advance(Duration.ofMinutes(25).minusMillis(1));
    client.runDueTasks();
    assertTrue(client.messages.isEmpty());

    clock.advance(Duration.ofMillis(1));
    client.runDueTasks();
    assertEquals(List.of(new RecordingClientContext.Message("$SYS/tokenExpireNotice",
        "{\"expireTime\":" + expireTime + ",\"type\":\"W\"}")), client.messages);
    assertTrue(client.disconnects.isEmpty());

    clock.advance(Duration.ofMinutes(5));
    client.runDueTasks();
    assertEquals(new RecordingClientContext.Message("$SYS/tokenInvalidNotice", "{\"code\":2,\"type\":\"W\"}"),
        client.messages.get(1));
    assertEquals(1, client.disconnects.size());
    assertEquals(2, client.messages.size(), "the expire notice is sent once");
  }

  @Test
  void lessThanTheNoticeTimeLeftSendsTheNoticeAtOnce() {
    long expireTime = in(Duration.ofMinutes(2));
    RecordingClientContext client = connected(token(TokenType.R, expireTime, "h1"));
    assertEquals(List.of(Duration.ZERO, Duration.ofMinutes(2)),
        client.pendingTasks().stream().map(t -> t.delay).toList());
    client.runDueTasks();
    assertEquals(List.of(new RecordingClientContext.Message("$SYS/tokenExpireNotice",
        "{\"expireTime\":" + expireTime + ",\"type\":\"R\"}")), client.messages);
  }

  @Test
  void anAlreadyExpiredTokenEndsTheSessionAtOnce() {
    RecordingClientContext client = connected(token(TokenType.R, clock.millis(), "h1"));
    client.runDueTasks();
    assertEquals(List.of(new RecordingClientContext.Message("$SYS/tokenInvalidNotice", "{\"code\":2,\"type\":\"R\"}")),
        client.messages);
    assertEquals(1, client.disconnects.size());
  }

  @Test
  void eachTokenHasItsOwnTimers() {
    RecordingClientContext client = connected(token(TokenType.R, in(Duration.ofHours(1)), "h1"),
        token(TokenType.W, in(Duration.ofHours(2)), "h2"));
    assertEquals(4, client.pendingTasks().size());
    clock.advance(Duration.ofHours(1));
    client.runDueTasks();
    assertEquals(1, client.disconnects.size(), "the first token to expire ends the session");
  }

  @Test
  void replacingATokenCancelsItsTimersAndSchedulesTheNewOnes() {
    RecordingClientContext client = connected(token(TokenType.W, in(Duration.ofMinutes(10)), "old"),
        token(TokenType.R, in(Duration.ofHours(5)), "r"));
    GrantedToken fresh = token(TokenType.W, in(Duration.ofHours(3)), "new");
    client.replacePrincipal(((TokenGrants) client.principal().grants()).with(fresh).principal("AK1", "c1"));
    sessions.tokenReplaced(client, fresh);

    assertEquals(List.of(Duration.ofHours(3).minusMinutes(5), Duration.ofHours(3), Duration.ofHours(5).minusMinutes(5),
        Duration.ofHours(5)), client.pendingTasks().stream().map(t -> t.delay).toList());
    clock.advance(Duration.ofMinutes(10));
    client.runDueTasks();
    assertTrue(client.messages.isEmpty() && client.disconnects.isEmpty(), "the old token's timers are gone");
  }

  @Test
  void aTimerOfAReplacedTokenDoesNothingEvenIfItFires() {
    GrantedToken old = token(TokenType.W, in(Duration.ofMinutes(10)), "old");
    RecordingClientContext client = connected(old);
    List<RecordingClientContext.Task> oldTimers = client.pendingTasks();
    client.replacePrincipal(((TokenGrants) client.principal().grants())
        .with(token(TokenType.W, in(Duration.ofHours(1)), "new")).principal("AK1", "c1"));
    // The upload has swapped the principal but has not rescheduled yet: the old timers fire in that window.
    clock.advance(Duration.ofMinutes(10));
    oldTimers.forEach(t -> t.body.run());
    assertTrue(client.messages.isEmpty() && client.disconnects.isEmpty());
  }

  @Test
  void disconnectCancelsEverythingAndLaterReplacementsAreIgnored() {
    GrantedToken w = token(TokenType.W, in(Duration.ofHours(1)), "h1");
    RecordingClientContext client = connected(w);
    assertEquals(1, sessions.liveSessions());
    sessions.onDisconnected(client);
    assertTrue(client.pendingTasks().isEmpty());
    assertEquals(0, sessions.liveSessions());
    sessions.tokenReplaced(client, token(TokenType.W, in(Duration.ofHours(2)), "h2"));
    assertTrue(client.pendingTasks().isEmpty());
    assertEquals(0, sessions.liveSessions());
  }

  @Test
  void deletingTheIssuingAccessKeySendsCodeMinusOnePerTokenToItsSessionsOnly() {
    RecordingClientContext client = connected(token(TokenType.R, in(Duration.ofHours(1)), "h1"),
        token(TokenType.W, in(Duration.ofHours(1)), "h2"));
    sessions.onRevocation(Revocation.close("accessKey:AK2", "another key deleted"));
    sessions.onRevocation(Revocation.recheck("accessKey:AK1", "policies changed"));
    assertTrue(client.messages.isEmpty());

    sessions.onRevocation(Revocation.close("accessKey:AK1", "access key deleted"));
    assertEquals(List.of(
        new RecordingClientContext.Message("$SYS/tokenInvalidNotice", "{\"code\":-1,\"type\":\"R\"}"),
        new RecordingClientContext.Message("$SYS/tokenInvalidNotice", "{\"code\":-1,\"type\":\"W\"}")),
        client.messages);
    assertTrue(client.disconnects.isEmpty(), "the broker's revocation enforcer closes it");
  }

  @Test
  void otherModesSessionsAreLeftAlone() {
    RecordingClientContext client = new RecordingClientContext("c1", Principal.of("signature", "AK1", Set.of()), clock);
    sessions.onConnected(client);
    assertTrue(client.tasks.isEmpty());
    assertEquals(0, sessions.liveSessions());
  }
}
