package io.mqttbroker.auth.signature.mode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.auth.signature.AccessKey;
import io.mqttbroker.auth.signature.AccessKeyService;
import io.mqttbroker.auth.signature.PolicyStatement;
import io.mqttbroker.auth.signature.StoreFixture;
import io.mqttbroker.auth.signature.mode.SignatureGrants.GroupVerdict;
import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.AuthenticationResult.Allow;
import io.mqttbroker.core.security.spi.AuthenticationResult.Deny;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.DenyReason;
import io.mqttbroker.core.security.spi.Principal;
import io.mqttbroker.core.security.spi.Signatures;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignatureAuthenticatorTest {
  private static final String INSTANCE = "mqtt-local";
  private static final String CLIENT = "GID_a@@@device-1";

  @TempDir Path dir;
  private StoreFixture store;
  private AccessKeyService keys;
  private SignatureAuthenticator authenticator;
  private AccessKey key;

  @BeforeEach
  void open() {
    store = new StoreFixture(dir);
    keys = store.service();
    authenticator = new SignatureAuthenticator(keys, INSTANCE);
    key = keys.create("device fleet", List.of(
        new PolicyStatement("Allow", List.of("mq:PUB", "mq:SUB"), List.of("topic/a/#")),
        new PolicyStatement("Deny", List.of("mq:PUB"), List.of("group/GID_a"))));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void goodSignatureIsAllowedWithThePrincipalOfTheKey() {
    Allow allow = assertInstanceOf(Allow.class, connect(username(key.accessKeyId()), signature(key, CLIENT)));
    Principal principal = allow.principal();
    assertEquals("signature", principal.mode());
    assertEquals(key.accessKeyId(), principal.name());
    assertEquals(Set.of("accessKey:" + key.accessKeyId(), "clientId:" + CLIENT), principal.revocationKeys());
    assertEquals(Optional.empty(), allow.expiresAt());
    SignatureGrants grants = assertInstanceOf(SignatureGrants.class, principal.grants());
    assertEquals(new SignatureGrants(key.accessKeyId(), false, GroupVerdict.DENIED, GroupVerdict.UNRESTRICTED),
        grants, "group statements judged for GID_a at connect");
  }

  @Test
  void theOwnerKeyIsMarkedAsOwner() {
    AccessKey owner = keys.bootstrapOwner("owner", "owner-secret-0123456789");
    Allow allow = assertInstanceOf(Allow.class, connect(username("owner"), signature(owner, CLIENT)));
    assertTrue(((SignatureGrants) allow.principal().grants()).owner());
  }

  @Test
  void badOrMissingSignatureIsBadCredentials() {
    assertDenied(DenyReason.BAD_CREDENTIALS, connect(username(key.accessKeyId()), signature(key, "GID_a@@@other")));
    String forged = Signatures.hmacSha1Base64("not-the-secret", CLIENT);
    assertDenied(DenyReason.BAD_CREDENTIALS, connect(username(key.accessKeyId()), Optional.of(bytes(forged))));
    assertDenied(DenyReason.BAD_CREDENTIALS, connect(username(key.accessKeyId()), Optional.empty()));
  }

  @Test
  void unknownKeyIsBadCredentials() {
    Deny deny = assertDenied(DenyReason.BAD_CREDENTIALS, connect(username("AKNOSUCHKEY"), signature(key, CLIENT)));
    assertTrue(deny.message().contains("AKNOSUCHKEY"));
  }

  @Test
  void wrongInstanceIsNotAuthorized() {
    assertDenied(DenyReason.NOT_AUTHORIZED,
        connect(Optional.of("Signature|" + key.accessKeyId() + "|other-instance"), signature(key, CLIENT)));
  }

  @Test
  void otherUsernamesAreIgnored() {
    for (String other : List.of("Token|" + key.accessKeyId() + "|" + INSTANCE, "alice", "signature|AK|mqtt-local")) {
      assertSame(AuthenticationResult.IGNORE, connect(Optional.of(other), signature(key, CLIENT)), other);
    }
    assertSame(AuthenticationResult.IGNORE, connect(Optional.empty(), Optional.empty()));
  }

  @Test
  void malformedSignatureUsernamesAreBadCredentials() {
    // The prefix names this mode, so this mode refuses rather than letting another mode decide.
    for (String malformed : List.of("Signature|" + key.accessKeyId(),
        "Signature|" + key.accessKeyId() + "|" + INSTANCE + "|extra", "Signature||" + INSTANCE)) {
      assertDenied(DenyReason.BAD_CREDENTIALS, connect(Optional.of(malformed), signature(key, CLIENT)));
    }
  }

  @Test
  void storeDownIsServerUnavailable() {
    AccessKeyService cold = store.newService();
    SignatureAuthenticator onColdCache = new SignatureAuthenticator(cold, INSTANCE);
    store.database().close();
    assertDenied(DenyReason.SERVER_UNAVAILABLE,
        onColdCache.authenticate(request(username(key.accessKeyId()), signature(key, CLIENT))).toCompletableFuture()
            .join());
    store.reopen();
  }

  private AuthenticationResult connect(Optional<String> username, Optional<byte[]> password) {
    return authenticator.authenticate(request(username, password)).toCompletableFuture().join();
  }

  private static ConnectRequest request(Optional<String> username, Optional<byte[]> password) {
    return new ConnectRequest(CLIENT, username, password, 4, new InetSocketAddress("127.0.0.1", 50000),
        Optional.empty());
  }

  private static Optional<String> username(String accessKeyId) {
    return Optional.of("Signature|" + accessKeyId + "|" + INSTANCE);
  }

  private static Optional<byte[]> signature(AccessKey key, String clientId) {
    return Optional.of(bytes(Signatures.hmacSha1Base64(key.accessKeySecret(), clientId)));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Deny assertDenied(DenyReason reason, AuthenticationResult result) {
    Deny deny = assertInstanceOf(Deny.class, result);
    assertEquals(reason, deny.reason());
    return deny;
  }
}
