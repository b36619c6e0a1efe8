package io.mqttbroker.auth.token;

import java.time.Duration;

/**
 * The knobs of token mode ({@code token.*} in broker.properties).
 *
 * @param minLifetime ApplyToken refuses an expireTime closer than this ({@code token.min-lifetime}, 60 s)
 * @param maxLifetime ApplyToken silently caps expireTime at now + this ({@code token.max-lifetime}, 30 d)
 * @param expireNoticeBefore how long before expiry a live session gets {@code $SYS/tokenExpireNotice}
 *     ({@code token.expire-notice-before}, 5 min)
 * @param purgeInterval how often expired and revoked tokens are deleted ({@code token.purge-interval}, 10 min)
 * @param cacheSize most token records held in memory
 * @param cacheTtl how long a record is trusted without reading the store again; bounds how late a revocation made on
 *     another broker node (sharing a PostgreSQL store) is seen by this one
 */
public record TokenSettings(
    Duration minLifetime,
    Duration maxLifetime,
    Duration expireNoticeBefore,
    Duration purgeInterval,
    long cacheSize,
    Duration cacheTtl) {

  public static final long DEFAULT_CACHE_SIZE = 100_000;
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(60);

  public TokenSettings {
    if (minLifetime.isNegative() || maxLifetime.compareTo(minLifetime) < 0) {
      throw new IllegalArgumentException("token.max-lifetime must be at least token.min-lifetime (and both >= 0)");
    }
    if (expireNoticeBefore.isNegative()) {
      throw new IllegalArgumentException("token.expire-notice-before must not be negative");
    }
    if (purgeInterval.isNegative() || purgeInterval.isZero()) {
      throw new IllegalArgumentException("token.purge-interval must be positive");
    }
  }

  /** The four configured values with the default cache bounds. */
  public static TokenSettings of(
      Duration minLifetime, Duration maxLifetime, Duration expireNoticeBefore, Duration purgeInterval) {
    return new TokenSettings(minLifetime, maxLifetime, expireNoticeBefore, purgeInterval, DEFAULT_CACHE_SIZE,
        DEFAULT_CACHE_TTL);
  }

  /** The documented defaults. */
  public static TokenSettings defaults() {
    return of(Duration.ofSeconds(60), Duration.ofDays(30), Duration.ofMinutes(5), Duration.ofMinutes(10));
  }
}
