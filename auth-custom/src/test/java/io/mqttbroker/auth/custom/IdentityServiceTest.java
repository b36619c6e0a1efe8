package io.mqttbroker.auth.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.auth.custom.CustomAuthException.Kind;
import io.mqttbroker.auth.custom.identity.CustomAuthIdentity;
import io.mqttbroker.auth.custom.identity.IdentityFilter;
import io.mqttbroker.auth.custom.identity.IdentityKey;
import io.mqttbroker.auth.custom.identity.IdentityService;
import io.mqttbroker.auth.custom.identity.IdentitySpec;
import io.mqttbroker.auth.custom.identity.SignMode;
import io.mqttbroker.core.security.revocation.InMemoryRevocationBus;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.revocation.Revocation.RevocationAction;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityServiceTest {
  @TempDir Path dir;
  CustomAuthFixture fx;
  IdentityService identities;

  @BeforeEach
  void start() {
    fx = new CustomAuthFixture(dir);
    identities = fx.auth.identities();
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  static IdentitySpec user(String username, String secret, SignMode mode) {
    return new IdentitySpec(username, IdentityType.USER, Optional.empty(), secret, mode);
  }

  static IdentitySpec client(String username, String clientId, String secret, SignMode mode) {
    return new IdentitySpec(username, IdentityType.CLIENT, Optional.of(clientId), secret, mode);
  }

  @Test
  void aFleetOnAUserIdentityConnectsWithNewClientIdsWithoutReadingTheStore() {
    identities.add(user("fleet", "pw", SignMode.SIGNED));
    assertEquals("pw", identities.findForConnect("fleet", "GID_f@@@0").orElseThrow().secret());

    fx.database.close();
    // No CLIENT identity has this username, so a new client id's pair is not looked up: the cached USER identity
    // answers (before, every new client id read the store once).
    assertEquals("pw", identities.findForConnect("fleet", "GID_f@@@1").orElseThrow().secret());
  }

  @Test
  void aClientIdentityAddedForAUsernameInUseIsFoundAtOnce() {
    identities.add(user("fleet", "pw", SignMode.ORIGIN));
    assertEquals("pw", identities.findForConnect("fleet", "GID_f@@@1").orElseThrow().secret());

    identities.add(client("fleet", "GID_f@@@1", "own", SignMode.ORIGIN));

    assertEquals("own", identities.findForConnect("fleet", "GID_f@@@1").orElseThrow().secret());
    assertEquals("pw", identities.findForConnect("fleet", "GID_f@@@2").orElseThrow().secret());
  }

  @Test
  void aClientIdentityWhoseAnnouncementWasLostIsFoundOnceTheCacheExpiryHasPassed() {
    identities.add(user("fleet", "pw", SignMode.ORIGIN));
    assertEquals("pw", identities.findForConnect("fleet", "GID_f@@@1").orElseThrow().secret());
    // Another node over the same database whose announcements never reach this one.
    CustomAuth other = CustomAuth.start(fx.database, fx.secrets, new InMemoryRevocationBus(), fx.clock, 10_000);
    other.identities().add(client("fleet", "GID_f@@@1", "own", SignMode.ORIGIN));
    assertEquals("pw", identities.findForConnect("fleet", "GID_f@@@1").orElseThrow().secret(), "not heard of");

    fx.clock.advance(CustomAuth.CACHE_EXPIRY.plusSeconds(1));

    assertEquals("own", identities.findForConnect("fleet", "GID_f@@@1").orElseThrow().secret());
  }

  @Test
  void addedIdentityIsReturnedWithItsSecretAndStoredSealed() throws Exception {
    CustomAuthIdentity added = identities.add(user("alice", "s3cret-value", SignMode.SIGNED));

    assertEquals("alice", added.username());
    assertEquals("s3cret-value", added.secret());
    assertEquals(Optional.empty(), added.clientId());
    assertEquals(CustomAuthFixture.NOW.toEpochMilli(), added.createTime());
    assertFalse(added.toString().contains("s3cret-value"), "toString must not reveal the secret");
    String stored = fx.database.inTransaction(c -> {
      try (ResultSet rs = c.createStatement().executeQuery("SELECT secret_sealed FROM custom_auth_identity")) {
        rs.next();
        return rs.getString(1);
      }
    });
    assertTrue(stored.startsWith("v1:"));
    assertFalse(stored.contains("s3cret-value"));
  }

  @Test
  void addingAnExistingKeyIsADuplicate() {
    identities.add(user("alice", "a", SignMode.ORIGIN));
    identities.add(client("alice", "GID_x@@@1", "b", SignMode.ORIGIN));

    CustomAuthException user = assertThrows(CustomAuthException.class,
        () -> identities.add(user("alice", "other", SignMode.SIGNED)));
    CustomAuthException client = assertThrows(CustomAuthException.class,
        () -> identities.add(client("alice", "GID_x@@@1", "other", SignMode.SIGNED)));

    assertEquals(Kind.DUPLICATE, user.kind());
    assertEquals("InvalidParameter.Duplicate", user.code());
    assertEquals(Kind.DUPLICATE, client.kind());
  }

  @Test
  void aUserIdentityIgnoresTheClientIdItIsGiven() {
    CustomAuthIdentity added = identities.add(
        new IdentitySpec("bob", IdentityType.USER, Optional.of("GID_x@@@1"), "s", SignMode.ORIGIN));

    assertEquals(Optional.empty(), added.clientId());
    CustomAuthException again = assertThrows(CustomAuthException.class, () -> identities.add(
        new IdentitySpec("bob", IdentityType.USER, Optional.of("GID_x@@@2"), "s", SignMode.ORIGIN)));
    assertEquals(Kind.DUPLICATE, again.kind());
  }

  @Test
  void aClientIdentityNeedsAClientId() {
    CustomAuthException e = assertThrows(CustomAuthException.class,
        () -> identities.add(new IdentitySpec("bob", IdentityType.CLIENT, Optional.empty(), "s", SignMode.ORIGIN)));

    assertEquals("InvalidParameter.ClientId", e.code());
    assertEquals(Kind.INVALID, e.kind());
  }

  @Test
  void badFieldsAreInvalidParametersNamingTheField() {
    assertEquals("InvalidParameter.IdentityType",
        assertThrows(CustomAuthException.class, () -> IdentityType.parse("ADMIN")).code());
    assertEquals("InvalidParameter.SignMode",
        assertThrows(CustomAuthException.class, () -> SignMode.parse("PLAIN")).code());
    assertEquals(SignMode.SIGNED, SignMode.parse("signed"));
    assertEquals("InvalidParameter.Username", assertThrows(CustomAuthException.class,
        () -> identities.add(user("Token|AK|mqtt-local", "s", SignMode.ORIGIN))).code());
    assertEquals("InvalidParameter.Username", assertThrows(CustomAuthException.class,
        () -> identities.add(user("u".repeat(65), "s", SignMode.ORIGIN))).code());
    assertEquals("InvalidParameter.Secret", assertThrows(CustomAuthException.class,
        () -> identities.add(user("alice", "", SignMode.ORIGIN))).code());
    assertEquals("InvalidParameter.Size", assertThrows(CustomAuthException.class, () -> PageQuery.first(101)).code());
    assertEquals("InvalidParameter.Size", assertThrows(CustomAuthException.class, () -> PageQuery.first(0)).code());
  }

  @Test
  void updateChangesSecretAndModeAndClosesTheSessionsItLetIn() {
    identities.add(user("alice", "old", SignMode.ORIGIN));
    identities.add(client("carol", "GID_c@@@1", "old", SignMode.ORIGIN));
    // An addition closes nothing; it is announced so that other nodes drop a cached "no such identity".
    assertEquals(List.of(Revocation.recheck("customIdentity:USER:alice", "custom auth identity added"),
        Revocation.recheck("customIdentity:CLIENT:9:GID_c@@@1:carol", "custom auth identity added")), fx.revocations);
    fx.revocations.clear();
    fx.clock.advance(Duration.ofMinutes(1));

    CustomAuthIdentity updated = identities.update(user("alice", "new", SignMode.SIGNED));
    identities.update(client("carol", "GID_c@@@1", "new", SignMode.SIGNED));

    assertEquals("new", updated.secret());
    assertEquals(SignMode.SIGNED, updated.signMode());
    assertEquals(CustomAuthFixture.NOW.toEpochMilli(), updated.createTime());
    assertEquals(CustomAuthFixture.NOW.plusSeconds(60).toEpochMilli(), updated.updateTime());
    assertEquals("new", identities.findForConnect("alice", "any").orElseThrow().secret());
    assertEquals(List.of(Revocation.close("customIdentity:USER:alice", "custom auth identity changed"),
        Revocation.close("customIdentity:CLIENT:9:GID_c@@@1:carol", "custom auth identity changed")), fx.revocations);
  }

  @Test
  void updateOrDeleteOfAMissingIdentityIsNotFound() {
    identities.add(user("alice", "s", SignMode.ORIGIN));
    fx.revocations.clear();

    CustomAuthException update = assertThrows(CustomAuthException.class,
        () -> identities.update(client("alice", "GID_a@@@1", "s", SignMode.ORIGIN)));
    CustomAuthException delete = assertThrows(CustomAuthException.class,
        () -> identities.delete(IdentityKey.user("nobody")));

    assertEquals(Kind.NOT_FOUND, update.kind());
    assertEquals("CustomAuthIdentityNotFound", update.code());
    assertEquals("CustomAuthIdentityNotFound", delete.code());
    assertTrue(fx.revocations.isEmpty());
  }

  @Test
  void deleteRemovesTheIdentityAndClosesItsSessions() {
    identities.add(user("alice", "s", SignMode.ORIGIN));
    identities.add(client("alice", "GID_a@@@1", "s", SignMode.ORIGIN));
    assertTrue(identities.findForConnect("alice", "GID_a@@@9").isPresent(), "cached as present");
    fx.revocations.clear();

    identities.delete(IdentityKey.user("alice"));
    identities.delete(IdentityKey.client("alice", "GID_a@@@1"));

    assertTrue(identities.findForConnect("alice", "GID_a@@@9").isEmpty(), "the cache was invalidated");
    assertEquals(0, identities.query(IdentityFilter.ALL, PageQuery.first(10)).total());
    assertEquals(Set.of("customIdentity:USER:alice", "customIdentity:CLIENT:9:GID_a@@@1:alice"),
        fx.revocations.stream().map(Revocation::key).collect(java.util.stream.Collectors.toSet()));
    assertTrue(fx.revocations.stream().allMatch(r -> r.action() == RevocationAction.CLOSE));
  }

  @Test
  void queryFiltersByUsernameTypeAndClientId() {
    identities.add(user("alice", "a", SignMode.ORIGIN));
    identities.add(client("alice", "GID_a@@@1", "b", SignMode.SIGNED));
    identities.add(client("alice", "GID_a@@@2", "c", SignMode.SIGNED));
    identities.add(user("bob", "d", SignMode.ORIGIN));

    assertEquals(3, identities.query(new IdentityFilter(Optional.of("alice"), Optional.empty(), Optional.empty()),
        PageQuery.first(10)).total());
    ResultPage<CustomAuthIdentity> users = identities.query(
        new IdentityFilter(Optional.empty(), Optional.of(IdentityType.USER), Optional.empty()), PageQuery.first(10));
    assertEquals(List.of("alice", "bob"), users.results().stream().map(CustomAuthIdentity::username).toList());
    ResultPage<CustomAuthIdentity> one = identities.query(
        new IdentityFilter(Optional.empty(), Optional.empty(), Optional.of("GID_a@@@2")), PageQuery.first(10));
    assertEquals(1, one.total());
    assertEquals("c", one.results().get(0).secret());
    assertEquals(Optional.of("GID_a@@@2"), one.results().get(0).clientId());
    assertEquals(Optional.empty(), one.nextToken());
  }

  @Test
  void queryPagesThroughMoreThanAHundredIdentitiesWithOpaqueTokens() {
    for (int i = 0; i < 230; i++) {
      identities.add(client("user" + (i % 7), String.format("GID_p@@@%03d", i), "s" + i, SignMode.SIGNED));
    }
    Set<String> seen = new HashSet<>();
    List<Integer> sizes = new ArrayList<>();
    Optional<String> token = Optional.empty();
    do {
      ResultPage<CustomAuthIdentity> page = identities.query(IdentityFilter.ALL, new PageQuery(100, token));
      assertEquals(230, page.total());
      sizes.add(page.results().size());
      page.results().forEach(r -> assertTrue(seen.add(r.clientId().orElseThrow()), "no entry twice"));
      token = page.nextToken();
    } while (token.isPresent());

    assertEquals(List.of(100, 100, 30), sizes);
    assertEquals(230, seen.size());
    assertEquals("InvalidParameter.NextToken", assertThrows(CustomAuthException.class,
        () -> identities.query(IdentityFilter.ALL, new PageQuery(10, Optional.of("garbage")))).code());
  }
}
