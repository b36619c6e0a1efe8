package io.mqttbroker.bench.load;

import java.io.IOException;
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

  /** Broker CPU microseconds per unit of work ({@code broker_cpu_us_per_<unit>}), when it could be read. */
  static Optional<Result> cpuPerUnit(String scenario, Target target, String auth, double cpuSeconds, long units,
      String unit) {
    if (Double.isNaN(cpuSeconds) || units <= 0) {
      return Optional.empty();
    }
    return Optional.of(Result.lower(scenario, target, auth, "broker_cpu_us_per_" + unit, cpuSeconds * 1e6 / units,
        "us"));
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
