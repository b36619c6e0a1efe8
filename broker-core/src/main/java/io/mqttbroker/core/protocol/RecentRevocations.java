package io.mqttbroker.core.protocol;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mqttbroker.core.security.revocation.Revocation;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The CLOSE revocations of the last minute, by key. A CONNECT whose authentication was still running when a key of its
 * principal was revoked is not yet indexed, so the enforcer cannot find it; the connect flow asks here once the new
 * connection is indexed, which closes that window (the enforcer records before it looks up live connections).
 */
final class RecentRevocations {
  private final Cache<String, Stamped> recent = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofMinutes(1))
      .maximumSize(100_000)
      .build();

  void record(Revocation revocation) {
    if (revocation.action() == Revocation.RevocationAction.CLOSE) {
      recent.put(revocation.key(), new Stamped(revocation, System.nanoTime()));
    }
  }

  /** A CLOSE revocation of one of {@code keys} made at or after {@code sinceNanos} ({@link System#nanoTime()}). */
  Optional<Revocation> closedSince(Set<String> keys, long sinceNanos) {
    for (String key : keys) {
      Stamped s = recent.getIfPresent(key);
      if (s != null && s.at() - sinceNanos >= 0) {
        return Optional.of(s.revocation());
      }
    }
    return Optional.empty();
  }

  private record Stamped(Revocation revocation, long at) {}
}
