package io.mqttbroker.auth.devicecredential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.security.revocation.Revocation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceCredentialServiceTest {
  @TempDir Path dir;
  private DeviceCredentialFixture fx;

  @AfterEach
  void closeStore() {
    if (fx != null) {
      fx.close();
    }
  }

  private DeviceCredentialService service(long quota) {
    fx = new DeviceCredentialFixture(dir, quota);
    return fx.service;
  }

  @Test
  void registerCreatesACredentialThatGetReturns() {
    DeviceCredentialService service = service(10);
    RegisterResult result = service.register("GID_a@@@d1");

    assertTrue(result.created());
    DeviceCredential c = result.credential();
    assertEquals("GID_a@@@d1", c.clientId());
    assertEquals(DeviceCredentialFixture.INSTANCE, c.instanceId());
    assertTrue(c.deviceAccessKeyId().matches("DC[A-Z0-9]{20}"), c.deviceAccessKeyId());
    assertTrue(c.deviceAccessKeySecret().matches("[A-Za-z0-9_-]{32}"), "URL-safe, 192 bits");
    assertEquals(fx.clock.millis(), c.createTime());
    assertEquals(c.createTime(), c.updateTime());
    assertEquals(Optional.of(c), service.get("GID_a@@@d1"));
    assertFalse(c.toString().contains(c.deviceAccessKeySecret()));
  }

  @Test
  void registeringAnExistingClientIdReturnsTheSameCredential() {
    DeviceCredentialService service = service(10);
    DeviceCredential first = service.register("GID_a@@@d1").credential();
    fx.clock.advance(Duration.ofMinutes(1));

    RegisterResult again = service.register("GID_a@@@d1");

    assertFalse(again.created());
    assertEquals(first, again.credential());
  }

  @Test
  void keyIdsAndSecretsDifferBetweenDevices() {
    DeviceCredentialService service = service(100);
    Set<String> ids = new TreeSet<>();
    Set<String> secrets = new TreeSet<>();
    for (int i = 0; i < 50; i++) {
      DeviceCredential c = service.register("d" + i).credential();
      ids.add(c.deviceAccessKeyId());
      secrets.add(c.deviceAccessKeySecret());
    }
    assertEquals(50, ids.size());
    assertEquals(50, secrets.size());
  }

  @Test
  void refreshGivesANewKeyPairAndClosesTheOldKeysConnection() {
    DeviceCredentialService service = service(10);
    DeviceCredential old = service.register("GID_a@@@d1").credential();
    fx.clock.advance(Duration.ofMinutes(5));

    DeviceCredential fresh = service.refresh("GID_a@@@d1").orElseThrow();

    assertNotEquals(old.deviceAccessKeyId(), fresh.deviceAccessKeyId());
    assertNotEquals(old.deviceAccessKeySecret(), fresh.deviceAccessKeySecret());
    assertEquals(old.createTime(), fresh.createTime());
    assertEquals(fx.clock.millis(), fresh.updateTime());
    assertEquals(Optional.of(fresh), service.get("GID_a@@@d1"));
    assertEquals(List.of("deviceKey:" + old.deviceAccessKeyId()), keysOf(fx.published));
    assertEquals(Revocation.RevocationAction.CLOSE, fx.published.get(0).action());
  }

  @Test
  void refreshOrUnregisterOfAnUnknownClientIdFindsNothingAndPublishesNothing() {
    DeviceCredentialService service = service(10);
    assertEquals(Optional.empty(), service.refresh("nobody"));
    assertFalse(service.unregister("nobody"));
    assertEquals(Optional.empty(), service.get("nobody"));
    assertTrue(fx.published.isEmpty());
  }

  @Test
  void unregisterDeletesTheCredentialAndClosesItsConnection() {
    DeviceCredentialService service = service(10);
    DeviceCredential c = service.register("GID_a@@@d1").credential();

    assertTrue(service.unregister("GID_a@@@d1"));

    assertEquals(Optional.empty(), service.get("GID_a@@@d1"));
    assertEquals(List.of("deviceKey:" + c.deviceAccessKeyId()), keysOf(fx.published));
    assertEquals(Revocation.RevocationAction.CLOSE, fx.published.get(0).action());
    assertFalse(service.unregister("GID_a@@@d1"));
    assertEquals(1, fx.published.size());
  }

  @Test
  void theQuotaRefusesTheNextCredentialAndCreatesNothing() {
    DeviceCredentialService service = service(2);
    service.register("a");
    service.register("b");

    DeviceCredentialException e = assertThrows(DeviceCredentialException.class, () -> service.register("c"));

    assertEquals("DeviceCredentialNumExceed", e.code());
    assertEquals("deviceCredential num exceed", e.getMessage());
    assertEquals(Optional.empty(), service.get("c"));
    assertEquals(2, service.listClientIds(Optional.empty(), 100, Optional.empty()).total());
    // An existing id is still answered at the quota: it takes no new place.
    assertFalse(service.register("a").created());
  }

  @Test
  void unregisterFreesAPlaceInTheQuota() {
    DeviceCredentialService service = service(1);
    service.register("a");
    assertThrows(DeviceCredentialException.class, () -> service.register("b"));

    service.unregister("a");

    assertTrue(service.register("b").created());
    assertThrows(DeviceCredentialException.class, () -> service.register("a"));
  }

  @Test
  void concurrentRegistersNearTheQuotaCreateExactlyTheQuota() throws Exception {
    DeviceCredentialService service = service(10);
    List<Object> outcomes = race(20, i -> service.register("GID_race@@@d" + i));

    long created = outcomes.stream().filter(o -> o instanceof RegisterResult r && r.created()).count();
    long refused = outcomes.stream()
        .filter(o -> o instanceof DeviceCredentialException e && e.code().equals("DeviceCredentialNumExceed")).count();
    assertEquals(10, created, outcomes.toString());
    assertEquals(10, refused, outcomes.toString());
    assertEquals(10, service.listClientIds(Optional.empty(), 100, Optional.empty()).clientIds().size());
  }

  @Test
  void concurrentRegistersOfOneClientIdCreateOneCredential() throws Exception {
    DeviceCredentialService service = service(10);
    List<Object> outcomes = race(10, i -> service.register("GID_race@@@same"));

    assertEquals(1, outcomes.stream().filter(o -> o instanceof RegisterResult r && r.created()).count(),
        outcomes.toString());
    Set<String> keyIds = new TreeSet<>();
    outcomes.forEach(o -> keyIds.add(((RegisterResult) o).credential().deviceAccessKeyId()));
    assertEquals(1, keyIds.size());
    assertEquals(1, service.listClientIds(Optional.empty(), 100, Optional.empty()).total());
  }

  @Test
  void listPagesThroughEveryClientIdOnceWithAndWithoutAGroup() {
    DeviceCredentialService service = service(1000);
    Set<String> groupA = new TreeSet<>();
    Set<String> all = new TreeSet<>();
    for (int i = 0; i < 130; i++) {
      groupA.add(service.register("GID_a@@@dev" + i).credential().clientId());
    }
    for (int i = 0; i < 120; i++) {
      all.add(service.register("GID_b@@@dev" + i).credential().clientId());
    }
    // '_' must not act as a wildcard: GIDXa is not group GID_a. No '@@@': no group at all.
    all.add(service.register("GIDXa@@@dev0").credential().clientId());
    all.add(service.register("GID_a").credential().clientId());
    all.addAll(groupA);

    assertEquals(List.copyOf(all), pageThrough(service, Optional.empty(), 100, all.size()));
    assertEquals(List.copyOf(groupA), pageThrough(service, Optional.of("GID_a"), 100, groupA.size()));
    assertEquals(List.copyOf(groupA), pageThrough(service, Optional.of("GID_a"), 7, groupA.size()));
    assertEquals(List.of(), pageThrough(service, Optional.of("GID_none"), 20, 0));
  }

  @Test
  void listRefusesABadSizeOrToken() {
    DeviceCredentialService service = service(10);
    assertEquals("InvalidParameter.Size", assertThrows(DeviceCredentialException.class,
        () -> service.listClientIds(Optional.empty(), 0, Optional.empty())).code());
    assertEquals("InvalidParameter.Size", assertThrows(DeviceCredentialException.class,
        () -> service.listClientIds(Optional.empty(), 101, Optional.empty())).code());
    assertEquals("InvalidParameter.NextToken", assertThrows(DeviceCredentialException.class,
        () -> service.listClientIds(Optional.empty(), 10, Optional.of("not base64 !"))).code());
  }

  @Test
  void credentialsSurviveReopeningTheDatabase() {
    DeviceCredential c = service(10).register("GID_a@@@d1").credential();
    fx.close();

    fx = new DeviceCredentialFixture(dir, 10);

    assertEquals(Optional.of(c), fx.service.get("GID_a@@@d1"));
    assertFalse(fx.service.register("GID_a@@@d1").created());
  }

  @Test
  void theSecretIsNotStoredInClear() throws Exception {
    DeviceCredential c = service(10).register("GID_a@@@d1").credential();
    try (Connection conn = fx.database.dataSource().getConnection();
        Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT device_access_key_secret FROM device_credential")) {
      assertTrue(rs.next());
      String stored = rs.getString(1);
      assertTrue(stored.startsWith("v1:"), "sealed by SecretCipher");
      assertFalse(stored.contains(c.deviceAccessKeySecret()));
    }
    fx.close();
    fx = null;
    try (var files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertFalse(bytes.contains(c.deviceAccessKeySecret()), "secret in clear in " + file);
      }
    }
  }

  @Test
  void clientIdsAreValidated() {
    DeviceCredentialService service = service(10);
    for (String bad : List.of("", "a".repeat(129), "with\u0000nul", "tab\tchar", "half\uD800surrogate")) {
      assertEquals("InvalidParameter.ClientId",
          assertThrows(DeviceCredentialException.class, () -> service.register(bad)).code(), bad);
    }
    assertTrue(service.register("plain-id without group").created());
    assertTrue(service.register("emoji\uD83D\uDE00").created());
  }

  @Test
  void theGroupFormatIsEnforcedWhenRequired() {
    fx = new DeviceCredentialFixture(dir, new DeviceCredentialSettings("mqtt-test", 10, 128, true));
    DeviceCredentialService service = fx.service;
    for (String bad : List.of("plain", "GID_a@@@d1", "GIX_abc@@@d1", "GID_abc@@@", "GID_abc@@@d/1",
        "GID_abc@@@" + "d".repeat(55), "GID_" + "g".repeat(61) + "@@@d")) {
      assertThrows(DeviceCredentialException.class, () -> service.register(bad), bad);
    }
    assertTrue(service.register("GID_abc@@@d1").created());
    assertTrue(service.register("GID-abc@@@" + "d".repeat(54)).created());
  }

  private static List<String> pageThrough(DeviceCredentialService service, Optional<String> group, int size,
      long expectedTotal) {
    List<String> seen = new ArrayList<>();
    Optional<String> token = Optional.empty();
    do {
      ClientIdPage page = service.listClientIds(group, size, token);
      assertEquals(expectedTotal, page.total());
      assertTrue(page.clientIds().size() <= size);
      seen.addAll(page.clientIds());
      token = page.nextToken();
    } while (token.isPresent());
    return seen;
  }

  private static List<String> keysOf(List<Revocation> revocations) {
    return revocations.stream().map(Revocation::key).toList();
  }

  /** Runs {@code n} calls released at the same moment; each outcome is a result or the exception thrown. */
  private static List<Object> race(int n, java.util.function.IntFunction<Object> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Object>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          start.await();
          try {
            return call.apply(index);
          } catch (RuntimeException e) {
            return e;
          }
        }));
      }
      start.countDown();
      List<Object> outcomes = new ArrayList<>();
      for (Future<Object> f : futures) {
        outcomes.add(f.get(30, TimeUnit.SECONDS));
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }
}
