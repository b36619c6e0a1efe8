package io.mqttbroker.auth.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.revocation.Revocation.RevocationAction;
import io.mqttbroker.store.StoreUnavailableException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessKeyServiceTest {
  private static final PolicyStatement PUB_A =
      new PolicyStatement("Allow", List.of("mq:PUB"), List.of("topic/a/#"));
  private static final PolicyStatement DENY_GROUP =
      new PolicyStatement("Deny", List.of("mq:PUB", "mq:SUB"), List.of("group/GID_x", "topic/a/secret"));

  @TempDir Path dir;
  private StoreFixture store;
  private AccessKeyService keys;

  @BeforeEach
  void open() {
    store = new StoreFixture(dir);
    keys = store.service();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void createdKeyHasRecognisableIdAndStrongUrlSafeSecret() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      AccessKey key = keys.create("", List.of());
      assertTrue(key.accessKeyId().matches("AK[A-Z0-9]{20}"), key.accessKeyId());
      assertTrue(key.accessKeySecret().matches("[A-Za-z0-9_-]{40}"), "url-safe, no '|'");
      assertEquals(30, Base64.getUrlDecoder().decode(key.accessKeySecret()).length, "240 bits");
      assertTrue(ids.add(key.accessKeyId()));
    }
  }

  @Test
  void createGetSetPoliciesDelete() {
    AccessKey created = keys.create("app server 1", List.of(PUB_A));
    assertFalse(created.owner());
    assertEquals(StoreFixture.CLOCK.millis(), created.createTime());

    AccessKey read = keys.get(created.accessKeyId());
    assertEquals(created, read);
    assertFalse(read.toString().contains(read.accessKeySecret()), "toString hides the secret");

    AccessKey changed = keys.setPolicies(created.accessKeyId(), List.of(PUB_A, DENY_GROUP));
    assertEquals(List.of(PUB_A, DENY_GROUP), changed.policies());
    assertEquals(List.of(PUB_A, DENY_GROUP), keys.get(created.accessKeyId()).policies());
    assertEquals(created.accessKeySecret(), changed.accessKeySecret(), "new policies keep the secret");

    keys.delete(created.accessKeyId());
    assertEquals(Optional.empty(), keys.find(created.accessKeyId()));
    assertCode(AccessKeyException.NOT_FOUND, () -> keys.get(created.accessKeyId()));
    assertCode(AccessKeyException.NOT_FOUND, () -> keys.delete(created.accessKeyId()));
    assertCode(AccessKeyException.NOT_FOUND, () -> keys.setPolicies(created.accessKeyId(), List.of()));
  }

  @Test
  void listPagesInIdOrderAcrossMoreThanOneHundredKeys() {
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 130; i++) {
      created.add(keys.create("key " + i, i % 2 == 0 ? List.of(PUB_A) : List.of(PUB_A, DENY_GROUP)).accessKeyId());
    }
    for (int size : new int[] {100, 7}) {
      List<AccessKeySummary> all = new ArrayList<>();
      Optional<String> token = Optional.empty();
      int pages = 0;
      do {
        AccessKeyPage page = keys.list(size, token);
        assertEquals(130, page.total());
        assertTrue(page.results().size() <= size);
        all.addAll(page.results());
        token = page.nextToken();
        pages++;
      } while (token.isPresent());
      assertEquals((130 + size - 1) / size, pages);
      List<String> ids = all.stream().map(AccessKeySummary::accessKeyId).toList();
      assertEquals(created, new HashSet<>(ids));
      assertEquals(ids.stream().sorted().toList(), ids, "id order, no repeats");
      for (AccessKeySummary summary : all) {
        assertEquals(keys.get(summary.accessKeyId()).policies(), summary.policies(), "policies of each key");
      }
    }
  }

  @Test
  void emptyStoreListsNothing() {
    AccessKeyPage page = keys.list(20, Optional.empty());
    assertEquals(List.of(), page.results());
    assertEquals(Optional.empty(), page.nextToken());
    assertEquals(0, page.total());
  }

  @Test
  void foreignNextTokenIsRefused() {
    assertCode(AccessKeyException.INVALID_NEXT_TOKEN, () -> keys.list(20, Optional.of("not-a-token!")));
    assertCode(AccessKeyException.INVALID_NEXT_TOKEN, () -> keys.list(20, Optional.of("QUJD")));
  }

  @Test
  void invalidStatementsAreRefusedNamingTheStatement() {
    assertInvalid("policies[0].effect", statement("allow", List.of("mq:PUB"), List.of("topic/a")));
    assertInvalid("policies[1].effect", PUB_A, new PolicyStatement(null, List.of("mq:PUB"), List.of("topic/a")));
    assertInvalid("policies[0].actions", statement("Allow", List.of(), List.of("topic/a")));
    assertInvalid("\"mq:CONNECT\" is not an action", statement("Allow", List.of("mq:CONNECT"), List.of("topic/a")));
    assertInvalid("lists mq:SUB twice", statement("Allow", List.of("mq:SUB", "mq:SUB"), List.of("topic/a")));
    assertInvalid("policies[0].resources must name", statement("Deny", List.of("mq:SUB"), List.of()));
    assertInvalid("\"a/b\" must be topic/<filter> or group/<GroupId>",
        statement("Allow", List.of("mq:PUB"), List.of("a/b")));
    assertInvalid("'#' must be a whole level", statement("Allow", List.of("mq:PUB"), List.of("topic/a/#/b")));
    assertInvalid("'+' must be a whole level", statement("Allow", List.of("mq:PUB"), List.of("topic/a+")));
    assertInvalid("topic filter is empty", statement("Allow", List.of("mq:PUB"), List.of("topic/")));
    assertInvalid("shared subscription", statement("Allow", List.of("mq:SUB"), List.of("topic/$share/g/a/#")));
    assertInvalid("names no group", statement("Allow", List.of("mq:SUB"), List.of("group/")));
    assertInvalid("'@@@'", statement("Allow", List.of("mq:SUB"), List.of("group/GID_a@@@d1")));
    assertInvalid("wildcard", statement("Allow", List.of("mq:SUB"), List.of("group/GID_*")));
    assertInvalid("longer than 1024", statement("Allow", List.of("mq:SUB"), List.of("topic/" + "a".repeat(1019))));
    assertInvalid("at most 100 statements", Collections.nCopies(101, PUB_A).toArray(PolicyStatement[]::new));

    AccessKey key = keys.create("", List.of(PUB_A));
    AccessKeyException e = assertThrows(AccessKeyException.class,
        () -> keys.setPolicies(key.accessKeyId(), List.of(statement("Allow", List.of("mq:PUB"), List.of("x")))));
    assertEquals(AccessKeyException.INVALID_POLICIES, e.code());
    assertEquals(List.of(PUB_A), keys.get(key.accessKeyId()).policies(), "a refused change changes nothing");
    assertEquals(List.of(), store.published());
  }

  @Test
  void tooLongDescriptionIsRefused() {
    assertCode(AccessKeyException.INVALID_DESCRIPTION, () -> keys.create("d".repeat(257), List.of()));
    assertEquals(256, keys.create("d".repeat(256), List.of()).description().length());
  }

  @Test
  void ownerKeyCanBeNeitherDeletedNorRestricted() {
    AccessKey owner = keys.bootstrapOwner("owner-1", "owner-secret-0123456789");
    assertCode(AccessKeyException.OWNER_KEY_PROTECTED, () -> keys.delete(owner.accessKeyId()));
    assertCode(AccessKeyException.OWNER_KEY_PROTECTED, () -> keys.setPolicies(owner.accessKeyId(), List.of(PUB_A)));
    assertTrue(keys.find(owner.accessKeyId()).isPresent());
    assertEquals(List.of(), store.published());
  }

  @Test
  void keysSurviveReopeningTheStoreWithSecretsSealed() throws Exception {
    AccessKey created = keys.create("persisted", List.of(PUB_A, DENY_GROUP));
    store.reopen();
    AccessKey reread = store.service().get(created.accessKeyId());
    assertEquals(created, reread);
    assertEquals(created.accessKeySecret(), reread.accessKeySecret());

    String stored = store.database().inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT access_key_secret FROM access_key")) {
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      }
    });
    assertTrue(stored.startsWith("v1:"), "sealed by SecretCipher");
    assertFalse(stored.contains(created.accessKeySecret()));
  }

  @Test
  void writesEvictTheCacheThenAnnounceTheRevocation() {
    AccessKey key = keys.create("", List.of(PUB_A));
    assertEquals(List.of(PUB_A), keys.get(key.accessKeyId()).policies());

    AccessKey changed = keys.setPolicies(key.accessKeyId(), List.of(PUB_A, DENY_GROUP));
    assertEquals(List.of(PUB_A, DENY_GROUP), changed.policies());
    assertEquals(List.of(PUB_A, DENY_GROUP), keys.get(key.accessKeyId()).policies());
    assertEquals(List.of(Revocation.recheck("accessKey:" + key.accessKeyId(), "access key policies changed")),
        store.published());

    keys.delete(key.accessKeyId());
    assertEquals(Optional.empty(), keys.find(key.accessKeyId()));
    Revocation last = store.published().get(1);
    assertEquals("accessKey:" + key.accessKeyId(), last.key());
    assertEquals(RevocationAction.CLOSE, last.action());
    assertEquals(2, store.published().size());
  }

  @Test
  void readsAreCachedAndRevocationsOnTheBusEvict() throws Exception {
    AccessKey key = keys.create("", List.of(PUB_A));
    AccessKeyService otherNode = store.newService();
    assertEquals(List.of(PUB_A), otherNode.get(key.accessKeyId()).policies());

    // A change behind the services' backs is not seen while the entry is cached...
    store.database().inTransaction(c -> c.createStatement().executeUpdate("DELETE FROM access_key_policy"));
    assertEquals(List.of(PUB_A), otherNode.get(key.accessKeyId()).policies());

    // ...but a revocation announced on the bus (here by the first service) evicts it.
    keys.setPolicies(key.accessKeyId(), List.of(DENY_GROUP));
    assertEquals(List.of(DENY_GROUP), otherNode.get(key.accessKeyId()).policies());
    keys.delete(key.accessKeyId());
    assertEquals(Optional.empty(), otherNode.find(key.accessKeyId()));
  }

  @Test
  void cachedKeysAnswerWhileTheStoreIsDownButFailuresAreNotCached() {
    AccessKey key = keys.create("", List.of(PUB_A));
    keys.get(key.accessKeyId());
    store.database().close();
    assertEquals(key, keys.get(key.accessKeyId()), "from the cache");
    assertThrows(StoreUnavailableException.class, () -> keys.find("AKUNKNOWN"));
    assertThrows(StoreUnavailableException.class, () -> keys.find("AKUNKNOWN"), "the failure was not cached");
    store.reopen();
  }

  @Test
  void verifyChecksTheSecret() {
    AccessKey key = keys.create("", List.of());
    assertEquals(Optional.of(key), keys.verify(key.accessKeyId(), key.accessKeySecret()));
    assertEquals(Optional.empty(), keys.verify(key.accessKeyId(), key.accessKeySecret() + "x"));
    assertEquals(Optional.empty(), keys.verify(key.accessKeyId(), ""));
    assertEquals(Optional.empty(), keys.verify("AKNOSUCHKEY", key.accessKeySecret()));
  }

  private static PolicyStatement statement(String effect, List<String> actions, List<String> resources) {
    return new PolicyStatement(effect, actions, resources);
  }

  private void assertInvalid(String messagePart, PolicyStatement... statements) {
    AccessKeyException e = assertThrows(AccessKeyException.class, () -> keys.create("", List.of(statements)));
    assertEquals(AccessKeyException.INVALID_POLICIES, e.code());
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
  }

  private static void assertCode(String code, org.junit.jupiter.api.function.Executable call) {
    assertEquals(code, assertThrows(AccessKeyException.class, call).code());
  }
}
