package io.mqttbroker.bench.load;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Progress on stderr, so that stdout carries only result lines. */
final class Log {
  private Log() {}

  static void info(String message) {
    System.err.println("[bench " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
  }
}
