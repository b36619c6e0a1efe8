package io.mqttbroker.auth.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.auth.custom.identity.IdentitySpec;
import io.mqttbroker.auth.custom.identity.SignMode;
import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.AuthenticationResult.Allow;
import io.mqttbroker.core.security.spi.AuthenticationResult.Deny;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.DenyReason;
import io.mqttbroker.core.security.spi.Signatures;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomAuthenticatorTest {
  @TempDir Path dir;
  CustomAuthFixture fx;
  CustomAuthenticator authenticator;

  @BeforeEach
  void start() {
    fx = new CustomAuthFixture(dir);
    authenticator = fx.auth.authenticator();
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  static ConnectRequest connect(String clientId, String username, String password) {
    return new ConnectRequest(clientId, Optional.ofNullable(username),
        Optional.ofNullable(password).map(p -> p.getBytes(StandardCharsets.UTF_8)), 4,
        new InetSocketAddress("127.0.0.1", 40000), Optional.empty());
  }

  AuthenticationResult authenticate(ConnectRequest request) {
    return authenticator.authenticate(request).toCompletableFuture().join();
  }

  void addUser(String username, String secret, SignMode mode) {
    fx.auth.identities().add(new IdentitySpec(username, IdentityType.USER, Optional.empty(), secret, mode));
  }

  void addClient(String username, String clientId, String secret, SignMode mode) {
    fx.auth.identities().add(new IdentitySpec(username, IdentityType.CLIENT, Optional.of(clientId), secret, mode));
  }

  @Test
  void signedIdentityAcceptsTheHmacOfTheClientIdWithItsRevocationKeys() {
    addUser("alice", "user-secret", SignMode.SIGNED);
    String password = Signatures.hmacSha1Base64("user-secret", "GID_a@@@1");

    Allow allow = assertInstanceOf(Allow.class, authenticate(connect("GID_a@@@1", "alice", password)));

    assertEquals("custom", allow.principal().mode());
    assertEquals("alice", allow.principal().name());
    assertEquals(Set.of("customUser:alice", "customClient:GID_a@@@1", "customIdentity:USER:alice",
        "clientId:GID_a@@@1"), allow.principal().revocationKeys());
    assertEquals(Optional.empty(), allow.expiresAt());
  }

  @Test
  void signedIdentityRefusesTheSecretItselfAndASignatureOfAnotherClientId() {
    addUser("alice", "user-secret", SignMode.SIGNED);

    assertDenied(DenyReason.BAD_CREDENTIALS, connect("GID_a@@@1", "alice", "user-secret"));
    assertDenied(DenyReason.BAD_CREDENTIALS,
        connect("GID_a@@@1", "alice", Signatures.hmacSha1Base64("user-secret", "GID_a@@@2")));
    assertDenied(DenyReason.BAD_CREDENTIALS, connect("GID_a@@@1", "alice", null));
  }

  @Test
  void originIdentityAcceptsOnlyTheSecretItself() {
    addUser("bob", "plain-secret", SignMode.ORIGIN);

    assertInstanceOf(Allow.class, authenticate(connect("any-client", "bob", "plain-secret")));
    assertDenied(DenyReason.BAD_CREDENTIALS, connect("any-client", "bob", "plain-secreT"));
    assertDenied(DenyReason.BAD_CREDENTIALS,
        connect("any-client", "bob", Signatures.hmacSha1Base64("plain-secret", "any-client")));
  }

  @Test
  void aClientIdentityTakesPrecedenceOverTheUserIdentityForItsClientOnly() {
    addUser("carol", "user-secret", SignMode.ORIGIN);
    addClient("carol", "GID_c@@@special", "client-secret", SignMode.ORIGIN);

    Allow special = assertInstanceOf(Allow.class, authenticate(connect("GID_c@@@special", "carol", "client-secret")));
    assertDenied(DenyReason.BAD_CREDENTIALS, connect("GID_c@@@special", "carol", "user-secret"));
    // Deleting the USER identity must not close this session: it carries the key of its CLIENT identity only.
    assertTrue(special.principal().revocationKeys().contains("customIdentity:CLIENT:15:GID_c@@@special:carol"));
    assertFalse(special.principal().revocationKeys().contains("customIdentity:USER:carol"));
    assertInstanceOf(Allow.class, authenticate(connect("GID_c@@@other", "carol", "user-secret")));
    assertDenied(DenyReason.BAD_CREDENTIALS, connect("GID_c@@@other", "carol", "client-secret"));
  }

  @Test
  void aClientIdentityAloneServesOnlyItsOwnClientId() {
    addClient("dave", "GID_d@@@1", "client-secret", SignMode.SIGNED);

    assertInstanceOf(Allow.class, authenticate(
        connect("GID_d@@@1", "dave", Signatures.hmacSha1Base64("client-secret", "GID_d@@@1"))));
    assertEquals(AuthenticationResult.IGNORE, authenticate(
        connect("GID_d@@@2", "dave", Signatures.hmacSha1Base64("client-secret", "GID_d@@@2"))));
  }

  @Test
  void aBlacklistedClientIdIsBannedByTheGateEvenWithTheRightPassword() {
    addUser("alice", "user-secret", SignMode.ORIGIN);
    fx.auth.blacklist().add("GID_a@@@bad");

    Deny deny = assertGateDenies(DenyReason.BANNED, connect("GID_a@@@bad", "alice", "user-secret"));

    assertFalse(deny.message().contains("user-secret"));
    assertGateDenies(DenyReason.BANNED, connect("GID_a@@@bad", "nobody", "x"));
    assertGateDenies(DenyReason.BANNED, connect("GID_a@@@bad", null, null));
    assertEquals(AuthenticationResult.IGNORE, gate(connect("GID_a@@@good", "alice", "user-secret")));
    assertInstanceOf(Allow.class, authenticate(connect("GID_a@@@good", "alice", "user-secret")));
  }

  @Test
  void theGateBansTheUsernamesOfTheBuiltInModesTooAndTheModeItselfIgnoresThem() {
    fx.auth.blacklist().add("GID_a@@@1");
    for (String username : new String[] {"Signature|AK|mqtt-local", "Token|AK|mqtt-local",
        "DeviceCredential|DAK|mqtt-local"}) {
      assertGateDenies(DenyReason.BANNED, connect("GID_a@@@1", username, "x"));
      assertEquals(AuthenticationResult.IGNORE, authenticate(connect("GID_a@@@1", username, "x")), username);
    }
  }

  @Test
  void theGateAnswersFromMemoryWhenTheStoreIsDown() {
    fx.auth.blacklist().add("GID_a@@@bad");
    fx.database.close();

    assertGateDenies(DenyReason.BANNED, connect("GID_a@@@bad", "Signature|AK|mqtt-local", "x"));
    assertGateDenies(DenyReason.BANNED, connect("GID_a@@@bad", "alice", "s"));
    assertEquals(AuthenticationResult.IGNORE, gate(connect("GID_a@@@1", "Signature|AK|mqtt-local", "x")));
    assertEquals(AuthenticationResult.IGNORE, gate(connect("GID_a@@@1", "alice", "s")), "left to custom mode");
  }

  @Test
  void anUnknownUsernameIsIgnoredSoThatAnotherModeMayDecide() {
    addUser("alice", "s", SignMode.ORIGIN);

    assertEquals(AuthenticationResult.IGNORE, authenticate(connect("GID_a@@@1", "mallory", "s")));
    assertEquals(AuthenticationResult.IGNORE, authenticate(connect("GID_a@@@1", null, null)));
  }

  @Test
  void aStoreOutageIsServerUnavailableNotAnUnknownUser() {
    addUser("alice", "s", SignMode.ORIGIN);
    fx.database.close();

    assertDenied(DenyReason.SERVER_UNAVAILABLE, connect("GID_a@@@1", "alice", "s"));
  }

  private AuthenticationResult gate(ConnectRequest request) {
    return fx.auth.blacklistGate().authenticate(request).toCompletableFuture().join();
  }

  private Deny assertGateDenies(DenyReason reason, ConnectRequest request) {
    Deny deny = assertInstanceOf(Deny.class, gate(request), request.toString());
    assertEquals(reason, deny.reason(), request.toString());
    return deny;
  }

  private Deny assertDenied(DenyReason reason, ConnectRequest request) {
    Deny deny = assertInstanceOf(Deny.class, authenticate(request), request.toString());
    assertEquals(reason, deny.reason(), request.toString());
    return deny;
  }
}
