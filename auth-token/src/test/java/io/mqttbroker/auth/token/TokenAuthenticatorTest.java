package io.mqttbroker.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.DenyReason;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenAuthenticatorTest {
  private static final String CLIENT = "GID_x@@@d1";

  @TempDir static Path dir;
  static Database database;
  TokenFixture f;
  TokenAuthenticator authenticator;

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
    authenticator = new TokenAuthenticator(f.service, f.accessKeys);
  }

  private AuthenticationResult connect(String username, String password) {
    ConnectRequest request = new ConnectRequest(CLIENT, Optional.ofNullable(username),
        Optional.ofNullable(password).map(p -> p.getBytes(StandardCharsets.UTF_8)), 4,
        new InetSocketAddress("127.0.0.1", 40000), Optional.empty());
    return authenticator.authenticate(request).toCompletableFuture().join();
  }

  private static DenyReason denied(AuthenticationResult result) {
    return assertInstanceOf(AuthenticationResult.Deny.class, result).reason();
  }

  @Test
  void otherUsernamesAreIgnored() {
    assertSame(AuthenticationResult.IGNORE, connect(null, null));
    assertSame(AuthenticationResult.IGNORE, connect("Signature|AK1|mqtt-local", "x"));
    assertSame(AuthenticationResult.IGNORE, connect("token|AK1|mqtt-local", "R|x"));
    assertSame(AuthenticationResult.IGNORE, connect("alice", "R|x"));
  }

  @Test
  void givenReadAndWriteTokensWhenConnectThenAllowedWithGrantsAndRevocationKeys() {
    String r = f.apply("AK1", "R", "s/#");
    String w = f.apply("AK1", "W", "p/1", "p/2");
    AuthenticationResult result = connect("Token|AK1|mqtt-local", "W|" + w + "|R|" + r);

    AuthenticationResult.Allow allow = assertInstanceOf(AuthenticationResult.Allow.class, result);
    assertTrue(allow.expiresAt().isEmpty(), "expiry is enforced by TokenSessions, with a notice");
    Principal principal = allow.principal();
    assertEquals("token", principal.mode());
    assertEquals("AK1", principal.name());
    TokenGrants grants = assertInstanceOf(TokenGrants.class, principal.grants());
    assertEquals(List.of("s/#"), grants.token(TokenType.R).orElseThrow().resources());
    assertEquals(List.of("p/1", "p/2"), grants.token(TokenType.W).orElseThrow().resources());
    assertEquals(f.inMinutes(60), grants.token(TokenType.W).orElseThrow().expireTime());
    assertTrue(grants.token(TokenType.RW).isEmpty());
    assertEquals(Set.of("accessKey:AK1", "clientId:" + CLIENT, "token:" + Signatures.sha256Hex(r),
        "token:" + Signatures.sha256Hex(w)), principal.revocationKeys());
    assertFalse(principal.toString().contains(r), "the principal never holds a token in clear");
  }

  @Test
  void givenAReadWriteTokenWhenConnectThenAllowed() {
    String rw = f.apply("AK1", "R,W", "a/b");
    assertInstanceOf(AuthenticationResult.Allow.class, connect("Token|AK1|mqtt-local", "RW|" + rw));
  }

  @Test
  void malformedUsernameOrPasswordIsBadCredentials() {
    String r = f.apply("AK1", "R", "a");
    assertEquals(DenyReason.BAD_CREDENTIALS, denied(connect("Token|AK1", "R|" + r)));
    assertEquals(DenyReason.BAD_CREDENTIALS, denied(connect("Token|AK1|mqtt-local|x", "R|" + r)));
    assertEquals(DenyReason.BAD_CREDENTIALS, denied(connect("Token||mqtt-local", "R|" + r)));
    assertEquals(DenyReason.BAD_CREDENTIALS, denied(connect("Token|AK1|mqtt-local", null)));
    assertEquals(DenyReason.BAD_CREDENTIALS, denied(connect("Token|AK1|mqtt-local", "R|" + r + "|")));
    assertEquals(DenyReason.BAD_CREDENTIALS, denied(connect("Token|AK1|mqtt-local", "R|" + r + "|R|" + r)));
  }

  @Test
  void wrongInstanceInUsernameIsNotAuthorized() {
    String r = f.apply("AK1", "R", "a");
    assertEquals(DenyReason.NOT_AUTHORIZED, denied(connect("Token|AK1|other-instance", "R|" + r)));
  }

  @Test
  void tokenOfAnotherInstanceIsNotAuthorized() {
    String foreign = f.serviceOfInstance("other-instance").apply("AK1", List.of("a"), "R", f.inMinutes(10)).token();
    assertEquals(DenyReason.NOT_AUTHORIZED, denied(connect("Token|AK1|mqtt-local", "R|" + foreign)));
  }

  @Test
  void tokenOfAnotherAccessKeyIsRefused() {
    String ofAk2 = f.apply("AK2", "R", "a");
    AuthenticationResult result = connect("Token|AK1|mqtt-local", "R|" + ofAk2);
    assertEquals(DenyReason.BAD_CREDENTIALS, denied(result));
    assertFalse(((AuthenticationResult.Deny) result).message().contains(ofAk2), "never a token in a message");
  }

  @Test
  void unknownAccessKeyIsRefused() {
    String r = f.apply("AK1", "R", "a");
    assertEquals(DenyReason.BAD_CREDENTIALS, denied(connect("Token|NOPE|mqtt-local", "R|" + r)));
  }

  @Test
  void deletedIssuerKeyMakesItsTokensUnusable() {
    String r = f.apply("AK1", "R", "a");
    f.accessKeys.delete("AK1");
    assertEquals(DenyReason.BAD_CREDENTIALS, denied(connect("Token|AK1|mqtt-local", "R|" + r)));
  }

  @Test
  void anInvalidTokenAmongValidOnesRefusesTheWholeLogin() {
    String r = f.apply("AK1", "R", "a");
    String w = f.apply("AK1", "W", "a");
    assertEquals(DenyReason.BAD_CREDENTIALS, denied(connect("Token|AK1|mqtt-local", "R|" + r + "|W|forged")));
    assertEquals(DenyReason.BAD_CREDENTIALS, denied(connect("Token|AK1|mqtt-local", "W|" + w + "|R|forged")));
  }

  @Test
  void tokenLabelledWithAnotherTypeIsRefused() {
    String r = f.apply("AK1", "R", "a");
    String rw = f.apply("AK1", "R,W", "a");
    assertEquals(DenyReason.BAD_CREDENTIALS, denied(connect("Token|AK1|mqtt-local", "W|" + r)));
    assertEquals(DenyReason.BAD_CREDENTIALS, denied(connect("Token|AK1|mqtt-local", "R|" + rw)));
    assertEquals(DenyReason.BAD_CREDENTIALS, denied(connect("Token|AK1|mqtt-local", "RW|" + r)));
  }

  @Test
  void expiredAndRevokedTokensAreRefused() {
    String soon = f.service.apply("AK1", List.of("a"), "R", f.inMinutes(2)).token();
    String revoked = f.apply("AK1", "W", "a");
    f.service.revoke("AK1", false, revoked);
    assertEquals(DenyReason.BAD_CREDENTIALS, denied(connect("Token|AK1|mqtt-local", "W|" + revoked)));
    assertInstanceOf(AuthenticationResult.Allow.class, connect("Token|AK1|mqtt-local", "R|" + soon));
    f.clock.advance(Duration.ofMinutes(2));
    assertEquals(DenyReason.BAD_CREDENTIALS, denied(connect("Token|AK1|mqtt-local", "R|" + soon)));
  }

  @Test
  void storeDownIsServerUnavailable() {
    String r = f.apply("AK1", "R", "a");
    f.store.setDown(true);
    assertEquals(DenyReason.SERVER_UNAVAILABLE, denied(connect("Token|AK1|mqtt-local", "R|" + r)));
    f.store.setDown(false);
    f.accessKeys.setDown(true);
    assertEquals(DenyReason.SERVER_UNAVAILABLE, denied(connect("Token|AK1|mqtt-local", "R|" + r)));
    f.accessKeys.setDown(false);
    assertInstanceOf(AuthenticationResult.Allow.class, connect("Token|AK1|mqtt-local", "R|" + r));
  }
}
