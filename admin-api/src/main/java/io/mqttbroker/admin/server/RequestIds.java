package io.mqttbroker.admin.server;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids in the reference's shape (an upper-case UUID). They only correlate logs and answers, so a fast
 * non-cryptographic random is enough and nothing blocks the event loop that makes them.
 */
final class RequestIds {
  private RequestIds() {}

  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString().toUpperCase(Locale.ROOT);
  }
}
