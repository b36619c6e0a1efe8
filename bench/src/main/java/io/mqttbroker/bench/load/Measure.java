package io.mqttbroker.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** Small measuring helpers shared by the scenarios. */
final class Measure {
  private Measure() {}

  /** The target's CPU seconds so far, NaN when its process is unknown or unreadable. */
  static double cpu(Target target) {
    if (target.pid() <= 0) {
      return Double.NaN;
    }
    try {
      return ProcessStats.cpuSeconds(target.pid());
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** A JVM target's JIT compile seconds so far, NaN for any other broker or when unreadable. */
  static double jit(Target target) throws InterruptedException {
    if (!target.jvm() || target.pid() <= 0) {
      return Double.NaN;
    }
    try {
      return ProcessStats.jitSeconds(target.pid());
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Broker CPU microseconds per unit of work ({@code broker_cpu_us_per_<unit>}), when it could be read. */
  static Optional<Result> cpuPerUnit(String scenario, Target target, String auth, double cpuSeconds, long units,
      String unit) {
    if (Double.isNaN(cpuSeconds) || units <= 0) {
      return Optional.empty();
    }
    return Optional.of(Result.lower(scenario, target, auth, "broker_cpu_us_per_" + unit, cpuSeconds * 1e6 / units,
        "us"));
  }

  /**
   * Waits (at most {@code max}) until a JVM broker's JIT compilers have been idle for two readings in a row, so that a
   * measurement after a warm-up does not share the machine with compilations the warm-up queued. Any other broker:
   * returns at once.
   */
  static void jitQuiet(Target target, Duration max) throws InterruptedException {
    if (!target.jvm() || target.pid() <= 0) {
      return;
    }
    long deadline = System.nanoTime() + max.toNanos();
    int idle = 0;
    try {
      while (idle < 2) {
        if (System.nanoTime() > deadline) {
          Log.info("the JIT compilers of " + target + " were still busy after " + max.toSeconds() + " s");
          return;
        }
        idle = ProcessStats.jitIdle(target.pid()) ? idle + 1 : 0;
        Thread.sleep(250);
      }
    } catch (IOException e) {
      Log.info("could not ask " + target + " for its JIT queue: " + e.getMessage());
    }
  }

  /** Lets the broker finish closing the connections of a scenario before the next one starts. */
  static void settle() throws InterruptedException {
    Thread.sleep(1000);
  }

  /** Sleeps {@code seconds}: the measuring window of a scenario whose work runs on the event loops. */
  static void during(int seconds) throws InterruptedException {
    Thread.sleep(seconds * 1000L);
  }
}
