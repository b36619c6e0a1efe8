package io.mqttbroker.auth.token;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes ended tokens every {@code token.purge-interval}. The broker's scheduler only hands the work over: the
 * delete runs on the blocking executor, so a slow or unreachable store never holds up the scheduler's thread.
 */
public final class TokenPurger {
  private static final Logger LOG = LoggerFactory.getLogger(TokenPurger.class);

  private final TokenService service;
  private final Executor blockingExecutor;

  public TokenPurger(TokenService service, Executor blockingExecutor) {
    this.service = service;
    this.blockingExecutor = blockingExecutor;
  }

  /** Schedules {@link #purgeSoon()} every {@code interval}; cancel the returned future to stop. */
  public ScheduledFuture<?> start(ScheduledExecutorService scheduler, Duration interval) {
    long millis = interval.toMillis();
    return scheduler.scheduleWithFixedDelay(this::purgeSoon, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Hands one purge to the blocking executor. Never throws: a failed purge is retried at the next interval. */
  public void purgeSoon() {
    try {
      blockingExecutor.execute(() -> {
        try {
          service.purge();
        } catch (RuntimeException e) {
          LOG.warn("token purge failed, will retry: {}", e.getMessage());
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.warn("token purge skipped: executor busy or shut down");
    }
  }
}
