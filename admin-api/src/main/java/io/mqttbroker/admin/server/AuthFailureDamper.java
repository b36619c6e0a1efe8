package io.mqttbroker.admin.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Brute-force damping of admin logins: counts failed Basic authentications per remote address in a fixed window
 * that starts with the first failure; once {@code limit} failures are counted, that address is refused (429) until
 * the window ends, even with good credentials, so guessing gains nothing. Successes do not reset the count (a valid
 * key must not buy unlimited guesses at other keys).
 *
 * <p>Bounded: at most {@code maxAddresses} addresses are tracked (Caffeine evicts the least used beyond that), so a
 * flood from many addresses costs memory once, at the price of forgetting some counters. Behind a reverse proxy
 * every caller shares the proxy's address; put the damping there instead or raise the limit.
 */
final class AuthFailureDamper {
  static final int DEFAULT_MAX_ADDRESSES = 10_000;

  private final int limit;
  private final Duration window;
  private final Cache<String, AtomicInteger> failures;

  AuthFailureDamper(int limit, Duration window, int maxAddresses, Ticker ticker) {
    this.limit = limit;
    this.window = window;
    // expireAfterWrite and an in-place increment: the entry is written once, at the first failure, so the window
    // is fixed and an attacker cannot keep a counter alive past it nor reset it early.
    this.failures = Caffeine.newBuilder()
        .expireAfterWrite(window)
        .maximumSize(maxAddresses)
        .ticker(ticker)
        .build();
  }

  static AuthFailureDamper of(int limit, Duration window) {
    return new AuthFailureDamper(limit, window, DEFAULT_MAX_ADDRESSES, Ticker.systemTicker());
  }

  boolean blocked(String address) {
    if (limit <= 0) {
      return false;
    }
    AtomicInteger count = failures.getIfPresent(address);
    return count != null && count.get() >= limit;
  }

  void recordFailure(String address) {
    if (limit > 0) {
      failures.get(address, a -> new AtomicInteger()).incrementAndGet();
    }
  }

  long retryAfterSeconds() {
    return Math.max(1, window.toSeconds());
  }
}
