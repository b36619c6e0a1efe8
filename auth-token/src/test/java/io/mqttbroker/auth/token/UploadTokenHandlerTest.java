package io.mqttbroker.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.Principal;
import io.mqttbroker.core.security.spi.Signatures;
import io.mqttbroker.store.Database;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadTokenHandlerTest {
  @TempDir static Path dir;
  static Database database;
  TokenFixture f;
  TokenSessions sessions;
  QueuedExecutor executor;
  UploadTokenHandler handler;
  String oldW;
  RecordingClientContext client;

  @BeforeAll
  static void openDatabase() {
    database = TokenFixture.openDatabase(dir);
  }

  @AfterAll
  static void closeDatabase() {
    database.close();
  }

  @BeforeEach
  void setUp() {
    f = new TokenFixture(database);
    sessions = new TokenSessions(f.clock, f.settings.expireNoticeBefore());
    executor = new QueuedExecutor();
    handler = new UploadTokenHandler(f.service, sessions, executor);
    oldW = f.service.apply("AK1", List.of("old/#"), "W", f.inMinutes(20)).token();
    client = connect("W|" + oldW);
  }

  private RecordingClientContext connect(String password) {
    ConnectRequest request = new ConnectRequest("c1", Optional.of("Token|AK1|mqtt-local"),
        Optional.of(password.getBytes(StandardCharsets.UTF_8)), 4, new InetSocketAddress("127.0.0.1", 1),
        Optional.empty());
    AuthenticationResult result = new TokenAuthenticator(f.service, f.accessKeys).authenticate(request)
        .toCompletableFuture().join();
    RecordingClientContext c = new RecordingClientContext("c1",
        assertInstanceOf(AuthenticationResult.Allow.class, result).principal(), f.clock);
    sessions.onConnected(c);
    return c;
  }

  /** Publishes to $SYS/uploadToken and runs the queued validation, as the broker's blocking executor would. */
  private CompletableFuture<Void> upload(String json) {
    CompletableFuture<Void> stage = handler.onPublish(client, "$SYS/uploadToken",
        json.getBytes(StandardCharsets.UTF_8)).toCompletableFuture();
    assertFalse(stage.isDone(), "nothing is validated on the calling thread");
    executor.runAll();
    assertTrue(stage.isDone());
    return stage;
  }

  private void assertRefusedWith(CompletableFuture<Void> stage, String notice) {
    assertTrue(stage.isCompletedExceptionally());
    CompletionException e = assertThrows(CompletionException.class, stage::join);
    assertInstanceOf(UploadTokenHandler.UploadRejectedException.class, e.getCause());
    assertEquals(List.of(new RecordingClientContext.Message("$SYS/tokenInvalidNotice", notice)), client.messages);
    assertTrue(((TokenGrants) client.principal().grants()).token(TokenType.W).orElseThrow().resources()
        .contains("old/#"), "the session keeps its old token");
  }

  @Test
  void handlesOnlyTheUploadTopic() {
    assertTrue(handler.handles("$SYS/uploadToken"));
    assertFalse(handler.handles("$SYS/uploadtoken"));
    assertFalse(handler.handles("$SYS/tokenExpireNotice"));
  }

  @Test
  void aValidUploadReplacesThatTypesTokenKeysAndTimersBeforeThePuback() {
    String newW = f.service.apply("AK1", List.of("new/#"), "W", f.inMinutes(120)).token();
    CompletableFuture<Void> stage = upload("{\"token\":\"" + newW + "\",\"type\":\"W\"}");

    stage.join();
    Principal principal = client.principal();
    TokenGrants grants = (TokenGrants) principal.grants();
    assertEquals(List.of("new/#"), grants.token(TokenType.W).orElseThrow().resources());
    assertEquals(Set.of("accessKey:AK1", "clientId:c1", "token:" + Signatures.sha256Hex(newW)),
        principal.revocationKeys());
    assertEquals("AK1", principal.name());
    assertTrue(client.messages.isEmpty());
    // The old token's expiry (in 20 min) no longer ends the session; the new one's does.
    f.clock.advance(Duration.ofMinutes(20));
    client.runDueTasks();
    assertTrue(client.disconnects.isEmpty());
    f.clock.advance(Duration.ofMinutes(100));
    client.runDueTasks();
    assertEquals(1, client.disconnects.size());
  }

  @Test
  void anUploadOfANewTypeIsAddedBesideTheOthers() {
    String r = f.apply("AK1", "R", "r/#");
    upload("{\"TOKEN\":\"" + r + "\",\"Type\":\"R\"}").join();
    TokenGrants grants = (TokenGrants) client.principal().grants();
    assertTrue(grants.token(TokenType.W).isPresent());
    assertTrue(grants.token(TokenType.R).isPresent());
    assertEquals(4, client.principal().revocationKeys().size());
  }

  @Test
  void garbageIsCode1() {
    assertRefusedWith(upload("not json"), "{\"code\":1}");
  }

  @Test
  void missingTokenIsCode1WithTheType() {
    assertRefusedWith(upload("{\"type\":\"W\"}"), "{\"code\":1,\"type\":\"W\"}");
  }

  @Test
  void unknownTypeIsCode1() {
    String w = f.apply("AK1", "W", "x");
    assertRefusedWith(upload("{\"token\":\"" + w + "\",\"type\":\"X\"}"), "{\"code\":1}");
  }

  @Test
  void forgedTokenIsCode1() {
    assertRefusedWith(upload("{\"token\":\"forged\",\"type\":\"W\"}"), "{\"code\":1,\"type\":\"W\"}");
  }

  @Test
  void anotherKeysTokenIsCode1() {
    String ofAk2 = f.apply("AK2", "W", "x");
    assertRefusedWith(upload("{\"token\":\"" + ofAk2 + "\",\"type\":\"W\"}"), "{\"code\":1,\"type\":\"W\"}");
  }

  @Test
  void expiredTokenIsCode2() {
    String w = f.service.apply("AK1", List.of("x"), "W", f.inMinutes(1)).token();
    f.clock.advance(Duration.ofMinutes(1));
    assertRefusedWith(upload("{\"token\":\"" + w + "\",\"type\":\"W\"}"), "{\"code\":2,\"type\":\"W\"}");
  }

  @Test
  void revokedTokenIsCode3() {
    String w = f.apply("AK1", "W", "x");
    f.service.revoke("AK1", false, w);
    assertRefusedWith(upload("{\"token\":\"" + w + "\",\"type\":\"W\"}"), "{\"code\":3,\"type\":\"W\"}");
  }

  @Test
  void typeMismatchIsCode5() {
    String r = f.apply("AK1", "R", "x");
    assertRefusedWith(upload("{\"token\":\"" + r + "\",\"type\":\"W\"}"), "{\"code\":5,\"type\":\"W\"}");
  }

  @Test
  void storeDownFailsTheUploadWithoutANotice() {
    String w = f.apply("AK1", "W", "x");
    f.store.setDown(true);
    CompletableFuture<Void> stage = upload("{\"token\":\"" + w + "\",\"type\":\"W\"}");
    assertTrue(stage.isCompletedExceptionally());
    assertTrue(client.messages.isEmpty());
    assertEquals(0, client.principalReplacements);
  }

  @Test
  void aSessionOfAnotherModeCannotUpload() {
    RecordingClientContext other = new RecordingClientContext("c2", Principal.of("signature", "AK1", Set.of()),
        f.clock);
    CompletableFuture<Void> stage = handler.onPublish(other, "$SYS/uploadToken", new byte[0]).toCompletableFuture();
    assertTrue(stage.isCompletedExceptionally());
    assertEquals(0, executor.size());
  }
}
