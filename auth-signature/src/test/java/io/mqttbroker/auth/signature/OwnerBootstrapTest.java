package io.mqttbroker.auth.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.revocation.Revocation.RevocationAction;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class OwnerBootstrapTest {
  private static final String SECRET = "configured-owner-secret-1";

  @TempDir Path dir;
  private StoreFixture store;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger serviceLogger = (Logger) LoggerFactory.getLogger(AccessKeyService.class);

  @BeforeEach
  void open() {
    store = new StoreFixture(dir);
    log.start();
    serviceLogger.addAppender(log);
  }

  @AfterEach
  void close() {
    serviceLogger.detachAppender(log);
    store.close();
  }

  @Test
  void withNothingConfiguredAnOwnerIsGeneratedAndItsSecretLoggedOnce() {
    AccessKey owner = store.service().bootstrapOwner("", "");
    assertTrue(owner.owner());
    assertTrue(owner.accessKeyId().matches("AK[A-Z0-9]{20}"));
    assertEquals(Optional.of(owner), store.service().verify(owner.accessKeyId(), owner.accessKeySecret()));

    store.reopen();
    AccessKey again = store.service().bootstrapOwner("", "");
    assertEquals(owner, again, "the next start keeps the generated owner");

    List<ILoggingEvent> withSecret = log.list.stream()
        .filter(e -> e.getFormattedMessage().contains(owner.accessKeySecret())).toList();
    assertEquals(1, withSecret.size(), "the secret is logged exactly once");
    assertEquals(Level.WARN, withSecret.get(0).getLevel());
    assertTrue(withSecret.get(0).getFormattedMessage().contains("OWNER ACCESS KEY GENERATED"));
    assertTrue(withSecret.get(0).getFormattedMessage().contains(owner.accessKeyId()));
  }

  @Test
  void aConfiguredOwnerIsCreatedAndKept() {
    AccessKey owner = store.service().bootstrapOwner("  admin-key ", SECRET);
    assertEquals("admin-key", owner.accessKeyId());
    assertEquals(SECRET, owner.accessKeySecret());
    assertTrue(owner.owner());
    assertEquals(List.of(), owner.policies());

    store.reopen();
    assertEquals(owner, store.service().bootstrapOwner("admin-key", SECRET));
    assertEquals(List.of(), store.published());
    assertTrue(log.list.stream().noneMatch(e -> e.getFormattedMessage().contains(SECRET)), "never logged");
  }

  @Test
  void aChangedConfiguredSecretReplacesTheStoredOne() {
    store.service().bootstrapOwner("admin-key", SECRET);
    AccessKey rotated = store.service().bootstrapOwner("admin-key", "a-brand-new-owner-secret");
    assertEquals("a-brand-new-owner-secret", rotated.accessKeySecret());
    assertEquals(Optional.empty(), store.service().verify("admin-key", SECRET));
    assertTrue(store.service().verify("admin-key", "a-brand-new-owner-secret").isPresent());
    assertEquals(List.of("accessKey:admin-key"), store.published().stream().map(Revocation::key).toList());

    store.reopen();
    assertTrue(store.service().verify("admin-key", "a-brand-new-owner-secret").isPresent(), "persisted");
  }

  @Test
  void aConfiguredOwnerReplacesAPreviousOwner() {
    AccessKey generated = store.service().bootstrapOwner("", "");
    AccessKey configured = store.service().bootstrapOwner("admin-key", SECRET);
    assertEquals(Optional.empty(), store.service().find(generated.accessKeyId()));
    assertEquals(1, store.service().list(100, Optional.empty()).total());
    Revocation closed = store.published().get(0);
    assertEquals("accessKey:" + generated.accessKeyId(), closed.key());
    assertEquals(RevocationAction.CLOSE, closed.action());
    assertTrue(configured.owner());
  }

  @Test
  void configurationMustNameBothOrNeither() {
    assertThrows(IllegalArgumentException.class, () -> store.service().bootstrapOwner("admin-key", ""));
    assertThrows(IllegalArgumentException.class, () -> store.service().bootstrapOwner("", SECRET));
    assertThrows(IllegalArgumentException.class, () -> store.service().bootstrapOwner("admin:key", SECRET));
    assertThrows(IllegalArgumentException.class, () -> store.service().bootstrapOwner("Signature|x", SECRET));
    assertThrows(IllegalArgumentException.class, () -> store.service().bootstrapOwner("k", "s\u0001cret-long-enough"));
    assertEquals(0, store.service().list(100, Optional.empty()).total(), "nothing was created");
  }

  @Test
  void aConfiguredIdOfANonOwnerKeyIsRefused() {
    AccessKey plain = store.service().create("", List.of());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> store.service().bootstrapOwner(plain.accessKeyId(), SECRET));
    assertTrue(e.getMessage().contains(plain.accessKeyId()));
    assertFalse(store.service().get(plain.accessKeyId()).owner());
  }

  @Test
  void aShortConfiguredSecretIsAcceptedWithAWarning() {
    store.service().bootstrapOwner("admin-key", "short");
    assertTrue(log.list.stream().anyMatch(e -> e.getLevel() == Level.WARN
        && e.getFormattedMessage().contains("shorter than 16")));
  }
}
