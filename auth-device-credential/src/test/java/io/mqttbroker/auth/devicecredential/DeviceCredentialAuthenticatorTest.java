package io.mqttbroker.auth.devicecredential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.security.revocation.InMemoryRevocationBus;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.AuthenticationResult.Allow;
import io.mqttbroker.core.security.spi.AuthenticationResult.Deny;
import io.mqttbroker.core.security.spi.AuthenticationResult.Ignore;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.DenyReason;
import io.mqttbroker.core.security.spi.Principal;
import io.mqttbroker.core.security.spi.Signatures;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceCredentialAuthenticatorTest {
  private static final String CLIENT = "GID_a@@@d1";

  @TempDir Path dir;
  private DeviceCredentialFixture fx;

  @BeforeEach
  void open() {
    fx = new DeviceCredentialFixture(dir, 20_000);
  }

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void aDeviceSigningItsClientIdIsAllowed() {
    DeviceCredential c = fx.service.register(CLIENT).credential();

    Allow allow = assertInstanceOf(Allow.class, authenticate(signedConnect(c)));

    Principal p = allow.principal();
    assertEquals("device-credential", p.mode());
    assertEquals(CLIENT, p.name());
    assertEquals(Set.of("deviceKey:" + c.deviceAccessKeyId(), "clientId:" + CLIENT), p.revocationKeys());
    assertEquals(Optional.empty(), allow.expiresAt());
  }

  @Test
  void aWrongSecretIsBadCredentials() {
    DeviceCredential c = fx.service.register(CLIENT).credential();
    assertDenied(DenyReason.BAD_CREDENTIALS,
        connect(CLIENT, username(c.deviceAccessKeyId()), Signatures.hmacSha1Base64("wrong-secret", CLIENT)));
    assertDenied(DenyReason.BAD_CREDENTIALS, connect(CLIENT, username(c.deviceAccessKeyId()),
        c.deviceAccessKeySecret()));
  }

  @Test
  void aKeyUsedWithAnotherClientIdIsBadCredentials() {
    DeviceCredential c = fx.service.register(CLIENT).credential();
    fx.service.register("GID_a@@@d2");
    // Even correctly signed for the other client id, the key belongs to CLIENT only.
    String other = "GID_a@@@d2";
    assertDenied(DenyReason.BAD_CREDENTIALS, connect(other, username(c.deviceAccessKeyId()),
        Signatures.hmacSha1Base64(c.deviceAccessKeySecret(), other)));
  }

  @Test
  void anUnknownKeyIsBadCredentials() {
    assertDenied(DenyReason.BAD_CREDENTIALS, connect(CLIENT, username("DCUNKNOWN0000000000000"),
        Signatures.hmacSha1Base64("x", CLIENT)));
  }

  @Test
  void aWrongInstanceIsNotAuthorized() {
    DeviceCredential c = fx.service.register(CLIENT).credential();
    assertDenied(DenyReason.NOT_AUTHORIZED, connect(CLIENT,
        "DeviceCredential|" + c.deviceAccessKeyId() + "|other-instance",
        Signatures.hmacSha1Base64(c.deviceAccessKeySecret(), CLIENT)));
  }

  @Test
  void aMalformedDeviceCredentialUsernameOrMissingPasswordIsBadCredentials() {
    DeviceCredential c = fx.service.register(CLIENT).credential();
    assertDenied(DenyReason.BAD_CREDENTIALS, connect(CLIENT, "DeviceCredential|" + c.deviceAccessKeyId(), "x"));
    assertDenied(DenyReason.BAD_CREDENTIALS, connect(CLIENT, "DeviceCredential||" + DeviceCredentialFixture.INSTANCE,
        "x"));
    assertDenied(DenyReason.BAD_CREDENTIALS, connect(CLIENT, username(c.deviceAccessKeyId()) + "|extra", "x"));
    ConnectRequest noPassword = new ConnectRequest(CLIENT, Optional.of(username(c.deviceAccessKeyId())),
        Optional.empty(), 4, new InetSocketAddress("127.0.0.1", 5000), Optional.empty());
    assertDenied(DenyReason.BAD_CREDENTIALS, noPassword);
  }

  @Test
  void otherUsernamesAreIgnored() {
    for (String username : List.of("Signature|AK|" + DeviceCredentialFixture.INSTANCE,
        "Token|AK|" + DeviceCredentialFixture.INSTANCE, "someone", "devicecredential|DC1|x", "")) {
      assertInstanceOf(Ignore.class, authenticate(connect(CLIENT, username, "x")), username);
    }
    ConnectRequest noUsername = new ConnectRequest(CLIENT, Optional.empty(), Optional.empty(), 4,
        new InetSocketAddress("127.0.0.1", 5000), Optional.empty());
    assertInstanceOf(Ignore.class, authenticate(noUsername));
  }

  @Test
  void afterARefreshTheOldKeyIsRefusedAndTheNewOneAccepted() {
    DeviceCredential old = fx.service.register(CLIENT).credential();
    assertInstanceOf(Allow.class, authenticate(signedConnect(old)));

    DeviceCredential fresh = fx.service.refresh(CLIENT).orElseThrow();

    assertDenied(DenyReason.BAD_CREDENTIALS, signedConnect(old));
    assertInstanceOf(Allow.class, authenticate(signedConnect(fresh)));
    // The old key with the new secret is no key at all.
    assertDenied(DenyReason.BAD_CREDENTIALS, connect(CLIENT, username(old.deviceAccessKeyId()),
        Signatures.hmacSha1Base64(fresh.deviceAccessKeySecret(), CLIENT)));
  }

  @Test
  void aRefreshMadeByAnotherNodeTakesEffectHereWhenItsRevocationArrives() {
    DeviceCredential old = fx.service.register(CLIENT).credential();
    assertInstanceOf(Allow.class, authenticate(signedConnect(old)));
    // Another node: the same database, a cache and a bus of its own.
    InMemoryRevocationBus otherBus = new InMemoryRevocationBus();
    List<Revocation> announced = new ArrayList<>();
    otherBus.subscribe(announced::add);
    DeviceCredentialStore store = new DeviceCredentialStore(fx.database);
    DeviceCredentialService otherNode = new DeviceCredentialService(store,
        new DeviceKeyCache(store, fx.cipher, 100, Duration.ofMinutes(10)), fx.cipher, otherBus,
        new DeviceCredentialSettings(DeviceCredentialFixture.INSTANCE, 20_000, 128, false), fx.clock);

    otherNode.refresh(CLIENT);
    assertInstanceOf(Allow.class, authenticate(signedConnect(old)), "this node's cache has not heard of it yet");
    announced.forEach(fx.bus::publish);

    assertDenied(DenyReason.BAD_CREDENTIALS, signedConnect(old));
  }

  @Test
  void anUnregisteredCredentialIsRefused() {
    DeviceCredential c = fx.service.register(CLIENT).credential();
    assertInstanceOf(Allow.class, authenticate(signedConnect(c)));

    fx.service.unregister(CLIENT);

    assertDenied(DenyReason.BAD_CREDENTIALS, signedConnect(c));
  }

  @Test
  void aStoreOutageIsServerUnavailable() {
    DeviceCredential c = fx.service.register(CLIENT).credential();
    fx.database.close();

    assertDenied(DenyReason.SERVER_UNAVAILABLE, signedConnect(c));
  }

  @Test
  void cachedDevicesAuthenticateWithoutTheDatabase() {
    // 1,000 devices reconnecting 10 times each: 10,000 authentications after the warm-up.
    List<ConnectRequest> connects = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      connects.add(signedConnect(fx.service.register("GID_storm@@@d" + i).credential()));
    }
    connects.forEach(r -> assertInstanceOf(Allow.class, authenticate(r)));

    // With the database gone, any store access would be a SERVER_UNAVAILABLE deny.
    fx.database.close();

    for (int round = 0; round < 10; round++) {
      for (ConnectRequest r : connects) {
        assertInstanceOf(Allow.class, authenticate(r), r.clientId());
      }
    }
  }

  private AuthenticationResult authenticate(ConnectRequest request) {
    return fx.authenticator.authenticate(request).toCompletableFuture().join();
  }

  private void assertDenied(DenyReason reason, ConnectRequest request) {
    Deny deny = assertInstanceOf(Deny.class, authenticate(request));
    assertEquals(reason, deny.reason(), deny.message());
    assertTrue(!deny.message().isBlank());
  }

  private static ConnectRequest signedConnect(DeviceCredential c) {
    return connect(c.clientId(), username(c.deviceAccessKeyId()),
        Signatures.hmacSha1Base64(c.deviceAccessKeySecret(), c.clientId()));
  }

  private static String username(String keyId) {
    return "DeviceCredential|" + keyId + "|" + DeviceCredentialFixture.INSTANCE;
  }

  private static ConnectRequest connect(String clientId, String username, String password) {
    return new ConnectRequest(clientId, Optional.of(username), Optional.of(password.getBytes(StandardCharsets.UTF_8)),
        4, new InetSocketAddress("127.0.0.1", 5000), Optional.empty());
  }
}
