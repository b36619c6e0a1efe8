package io.mqttbroker.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.spi.Signatures;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenServiceTest {
  @TempDir static Path dir;
  static Database database;
  TokenFixture f;

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
  }

  private TokenException applyFails(List<String> resources, String actions, long expireTime) {
    return assertThrows(TokenException.class, () -> f.service.apply("AK1", resources, actions, expireTime));
  }

  @Test
  void appliedTokenIsUrlSafeRandomAndWithoutPipe() {
    String a = f.apply("AK1", "R", "a/b");
    String b = f.apply("AK1", "R", "a/b");
    assertTrue(a.matches("[A-Za-z0-9_-]{32}"), "32 URL-safe characters = 192 random bits");
    assertFalse(a.contains("|"));
    assertNotEquals(a, b);
  }

  @Test
  void givenNoResourcesWhenApplyThenInvalidResources() {
    assertEquals("InvalidParameter.Resources", applyFails(List.of(), "R", f.inMinutes(10)).code());
  }

  @Test
  void givenMoreThan100ResourcesWhenApplyThenOverflow() {
    List<String> resources = IntStream.range(0, 101).mapToObj(i -> "t/" + i).toList();
    TokenException e = applyFails(resources, "W", f.inMinutes(10));
    assertEquals("ApplyTokenOverFlow", e.code());
    assertEquals(TokenException.Kind.INVALID_PARAMETER, e.kind());
  }

  @Test
  void exactly100ResourcesAndDuplicatesAreAccepted() {
    List<String> resources = new ArrayList<>(IntStream.range(0, 100).mapToObj(i -> "t/" + i).toList());
    resources.add("t/0");
    String token = f.service.apply("AK1", resources, "W", f.inMinutes(10)).token();
    TokenRecord record = ((TokenCheck.Valid) f.service.check(token)).token();
    assertEquals(100, record.resources().size());
    assertEquals("t/0", record.resources().get(0), "stored sorted");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/#/b", "a/b#", "a+/b", "$SYS/uploadToken", "$SYS/#", "a\u0000b"})
  void givenAnInvalidResourceWhenApplyThenInvalidResources(String resource) {
    assertEquals("InvalidParameter.Resources", applyFails(List.of("ok/1", resource), "R", f.inMinutes(10)).code());
  }

  @Test
  void givenANullResourceWhenApplyThenInvalidResources() {
    List<String> resources = new ArrayList<>();
    resources.add(null);
    assertEquals("InvalidParameter.Resources", applyFails(resources, "R", f.inMinutes(10)).code());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "RW", "W,R", "r", "R,W,R", " R", "R, W", "PUB"})
  void givenBadActionsWhenApplyThenInvalidActions(String actions) {
    assertEquals("InvalidParameter.Actions", applyFails(List.of("a/b"), actions, f.inMinutes(10)).code());
  }

  @Test
  void actionsNameTheType() {
    for (TokenType type : TokenType.values()) {
      String token = f.apply("AK1", type.actions(), "a/b");
      assertEquals(type, ((TokenCheck.Valid) f.service.check(token)).token().type());
    }
  }

  @Test
  void givenExpireTimeLessThanMinLifetimeAheadWhenApplyThenInvalidExpireTime() {
    long now = f.clock.millis();
    assertEquals("InvalidParameter.ExpireTime", applyFails(List.of("a/b"), "R", now + 59_999).code());
    assertEquals("InvalidParameter.ExpireTime", applyFails(List.of("a/b"), "R", now - 1).code());
    assertEquals(now + 60_000, f.service.apply("AK1", List.of("a/b"), "R", now + 60_000).expireTime());
  }

  @Test
  void givenExpireTimeBeyondMaxLifetimeWhenApplyThenCappedSilently() {
    long now = f.clock.millis();
    AppliedToken applied = f.service.apply("AK1", List.of("a/b"), "R", now + Duration.ofDays(365).toMillis());
    assertEquals(now + Duration.ofDays(30).toMillis(), applied.expireTime());
    assertEquals(applied.expireTime(), ((TokenCheck.Valid) f.service.check(applied.token())).token().expireTime());
  }

  @Test
  void queryIsTrueForAFreshTokenAndFalseOnceExpired() {
    AppliedToken applied = f.service.apply("AK1", List.of("a/b"), "R", f.inMinutes(10));
    assertTrue(f.service.query(applied.token()));
    f.clock.advance(Duration.ofMinutes(10).minusMillis(1));
    assertTrue(f.service.query(applied.token()));
    f.clock.advance(Duration.ofMillis(1));
    assertFalse(f.service.query(applied.token()));
    assertInstanceOf(TokenCheck.Expired.class, f.service.check(applied.token()));
  }

  @Test
  void queryIsFalseForUnknownEmptyAndOverlongTokens() {
    assertFalse(f.service.query("not-a-token"));
    assertFalse(f.service.query(""));
    assertFalse(f.service.query("x".repeat(10_000)));
  }

  @Test
  void queryIsFalseOnceTheIssuingKeyIsDeleted() {
    String token = f.apply("AK1", "R", "a/b");
    f.accessKeys.delete("AK1");
    assertFalse(f.service.query(token));
    assertInstanceOf(TokenCheck.IssuerGone.class, f.service.check(token));
  }

  @Test
  void queryIsFalseForAnotherInstancesToken() {
    String foreign = f.serviceOfInstance("other-instance").apply("AK1", List.of("a/b"), "R", f.inMinutes(10)).token();
    assertFalse(f.service.query(foreign));
    assertEquals(TokenException.Kind.NOT_FOUND,
        assertThrows(TokenException.class, () -> f.service.revoke("AK1", false, foreign)).kind());
  }

  @Test
  void givenTheIssuerWhenRevokeThenQueryFalseAndLiveSessionsAreClosedWithNotice() {
    String token = f.apply("AK1", "W", "a/b");
    assertInstanceOf(TokenCheck.Valid.class, f.service.check(token)); // now cached
    f.service.revoke("AK1", false, token);
    assertFalse(f.service.query(token));
    assertInstanceOf(TokenCheck.Revoked.class, f.service.check(token));
    Revocation revocation = f.revocations.get(0);
    assertEquals("token:" + Signatures.sha256Hex(token), revocation.key());
    assertEquals(Revocation.RevocationAction.CLOSE, revocation.action());
    Revocation.SystemMessage notice = revocation.notice().orElseThrow();
    assertEquals("$SYS/tokenInvalidNotice", notice.topic());
    assertEquals("{\"code\":3,\"type\":\"W\"}", new String(notice.payload(), StandardCharsets.UTF_8));
    assertFalse(revocation.reason().contains(token));
  }

  @Test
  void theOwnerKeyMayRevokeAnyTokenAndRevokingTwiceSucceeds() {
    String token = f.apply("AK1", "R,W", "a/b");
    f.service.revoke("OWNER", true, token);
    f.service.revoke("AK1", false, token);
    assertFalse(f.service.query(token));
    assertEquals("{\"code\":3,\"type\":\"RW\"}", new String(f.revocations.get(0).notice().orElseThrow().payload(),
        StandardCharsets.UTF_8));
  }

  @Test
  void anotherNonOwnerKeyMayNotRevoke() {
    String token = f.apply("AK1", "R", "a/b");
    TokenException e = assertThrows(TokenException.class, () -> f.service.revoke("AK2", false, token));
    assertEquals(TokenException.Kind.FORBIDDEN, e.kind());
    assertTrue(f.service.query(token));
    assertTrue(f.revocations.isEmpty());
  }

  @Test
  void revokingAnUnknownTokenIsNotFound() {
    TokenException e = assertThrows(TokenException.class, () -> f.service.revoke("OWNER", true, "nope"));
    assertEquals("TokenNotFound", e.code());
    assertEquals(TokenException.Kind.NOT_FOUND, e.kind());
  }

  @Test
  void aRevocationAnnouncedOnTheBusEvictsTheCachedRecord() {
    String token = f.apply("AK1", "R", "a/b");
    String hash = Signatures.sha256Hex(token);
    assertTrue(f.service.query(token));
    // Revoked behind the service's back (another node, an operator), then announced.
    f.store.revoke(hash, f.clock.millis());
    assertTrue(f.service.query(token), "served from the cache until announced");
    f.bus.publish(Revocation.close("token:" + hash, "revoked elsewhere"));
    assertFalse(f.service.query(token));
  }

  @Test
  void lookupsAreCachedButStoreFailuresAreNot() {
    String token = f.apply("AK1", "R", "a/b");
    f.store.setDown(true);
    assertThrows(StoreUnavailableException.class, () -> f.service.check(token));
    f.store.setDown(false);
    assertTrue(f.service.query(token));
    int finds = f.store.finds.get();
    assertTrue(f.service.query(token));
    assertEquals(finds, f.store.finds.get(), "second lookup from the cache");
  }

  @Test
  void unknownTokensAreNotCachedAsAbsent() {
    f.service.check("unknown-token");
    f.service.check("unknown-token");
    assertEquals(2, f.store.finds.get());
  }

  @Test
  void purgeRemovesTokensEndedAtLeastOneIntervalAgoAndKeepsTheRest() {
    String live = f.service.apply("AK1", List.of("a"), "R", f.inMinutes(120)).token();
    f.service.apply("AK1", List.of("b"), "R", f.inMinutes(5));
    String revoked = f.apply("AK1", "R", "c");
    f.service.revoke("AK1", false, revoked);
    String expiresLater = f.service.apply("AK1", List.of("d"), "R", f.inMinutes(14)).token();
    assertEquals(4, f.rowCount());

    f.clock.advance(Duration.ofMinutes(15));
    // "b" expired 10 min ago and "c" was revoked 15 min ago; "d" expired only 1 min ago.
    assertEquals(2, f.service.purge());
    assertEquals(2, f.rowCount());
    assertTrue(f.service.query(live));
    assertInstanceOf(TokenCheck.Expired.class, f.service.check(expiresLater));

    f.clock.advance(Duration.ofMinutes(10));
    assertEquals(1, f.service.purge());
    assertTrue(f.service.query(live));
  }

  @Test
  void theTokenNeverAppearsInTheDatabaseInClear() throws Exception {
    List<String> tokens = List.of(f.apply("AK1", "R", "a/b"), f.apply("AK2", "W", "c/#"), f.apply("AK1", "R,W", "+"));
    f.service.revoke("AK1", false, tokens.get(0));
    List<String> cells = f.database.inTransaction(c -> {
      List<String> all = new ArrayList<>();
      try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM auth_token")) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= columns; i++) {
            all.add(String.valueOf(rs.getString(i)));
          }
        }
      }
      return all;
    });
    // Force everything written so far into the file, then read the file itself.
    f.database.inTransaction(c -> c.createStatement().execute("CHECKPOINT SYNC"));
    for (String token : tokens) {
      assertTrue(cells.contains(Signatures.sha256Hex(token)), "its hash is the key");
      for (String cell : cells) {
        assertFalse(cell.contains(token), "token stored in clear");
      }
    }
    boolean hashSeenOnDisk = false;
    try (var files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        hashSeenOnDisk |= content.contains(Signatures.sha256Hex(tokens.get(1)));
        for (String token : tokens) {
          assertFalse(content.contains(token), "token in clear in " + file);
        }
      }
    }
    assertTrue(hashSeenOnDisk, "the scan reads the rows as written (else it proves nothing)");
  }
}
