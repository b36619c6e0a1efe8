package io.mqttbroker.admin.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthFailureDamperTest {
  private final AtomicLong nanos = new AtomicLong();
  private final AuthFailureDamper damper = new AuthFailureDamper(3, Duration.ofMinutes(1), 100, nanos::get);

  @Test
  void givenLimitReached_thenBlockedUntilTheWindowThatStartedAtTheFirstFailureEnds() {
    damper.recordFailure("10.0.0.1");
    nanos.addAndGet(Duration.ofSeconds(30).toNanos());
    damper.recordFailure("10.0.0.1");
    assertFalse(damper.blocked("10.0.0.1"));
    damper.recordFailure("10.0.0.1");

    assertTrue(damper.blocked("10.0.0.1"));
    assertFalse(damper.blocked("10.0.0.2"), "per address");

    nanos.addAndGet(Duration.ofSeconds(31).toNanos());
    assertFalse(damper.blocked("10.0.0.1"), "the window is fixed: later failures do not extend it");
  }

  @Test
  void givenZeroLimit_thenNeverBlocked() {
    AuthFailureDamper off = new AuthFailureDamper(0, Duration.ofMinutes(1), 100, nanos::get);
    for (int i = 0; i < 10; i++) {
      off.recordFailure("10.0.0.1");
    }

    assertFalse(off.blocked("10.0.0.1"));
  }
}
