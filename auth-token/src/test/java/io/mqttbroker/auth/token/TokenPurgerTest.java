package io.mqttbroker.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenPurgerTest {
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
    f.service.apply("AK1", List.of("a"), "R", f.inMinutes(1));
    f.clock.advance(Duration.ofHours(1));
  }

  @Test
  void thePurgeRunsOnTheBlockingExecutorNotTheCallersThread() {
    QueuedExecutor blocking = new QueuedExecutor();
    new TokenPurger(f.service, blocking).purgeSoon();
    assertEquals(1, f.rowCount(), "nothing deleted on the scheduler's thread");
    blocking.runAll();
    assertEquals(0, f.rowCount());
  }

  @Test
  void aFailingPurgeIsSwallowedAndRetriedLater() {
    QueuedExecutor blocking = new QueuedExecutor();
    TokenPurger purger = new TokenPurger(f.service, blocking);
    f.store.setDown(true);
    purger.purgeSoon();
    blocking.runAll();
    f.store.setDown(false);
    purger.purgeSoon();
    blocking.runAll();
    assertEquals(0, f.rowCount());
  }

  @Test
  void startSchedulesThePurgeEveryInterval() throws InterruptedException {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    CountDownLatch twoRuns = new CountDownLatch(2);
    try {
      ScheduledFuture<?> handle = new TokenPurger(f.service, task -> {
        task.run();
        twoRuns.countDown();
      }).start(scheduler, Duration.ofMillis(5));
      assertTrue(twoRuns.await(10, TimeUnit.SECONDS));
      handle.cancel(false);
      assertEquals(0, f.rowCount());
    } finally {
      scheduler.shutdownNow();
    }
  }
}
