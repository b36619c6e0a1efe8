package io.mqttbroker.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * CONNECT storm: {@code storm-clients} clients connect as fast as the broker accepts them (at most
 * {@code storm-window} CONNECTs outstanding), once per authentication mode, each after an unmeasured warm-up storm of
 * its own. Figures: accepted connects per second (first TCP connect to last CONNACK), CONNECT-to-CONNACK percentiles
 * and the broker's CPU time per connect.
 */
final class ConnectStorm {
  static final String NAME = "connect-storm";
  private static final Duration PER_CLIENT = Duration.ofSeconds(30);
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  /** A warm-up storm that kept the JIT compilers busier than this has not reached the steady state. */
  private static final double JIT_QUIET_SECONDS = 0.1;

  private ConnectStorm() {}

  static List<Result> run(LoadClient load, LoadOptions options, Prepared prepared) throws InterruptedException {
    List<Result> results = new ArrayList<>();
    Target target = prepared.target();
    for (Map.Entry<String, Credentials.Source> mode : prepared.storm().entrySet()) {
      String auth = mode.getKey();
      warmUp(load, options, prepared, auth, mode.getValue()).ifPresent(results::add);
      Log.info(NAME + " " + auth + " on " + target);
      List<String> ids = new ArrayList<>(options.stormClients());
      for (int i = 0; i < options.stormClients(); i++) {
        ids.add(Prepared.stormClientId(auth, i));
      }
      double jitBefore = Measure.jit(target);
      double cpuBefore = Measure.cpu(target);
      Fleet.Connected c = Fleet.connect(load, target, mode.getValue(), ids, options.stormWindow(), 60, PER_CLIENT,
          DEADLINE);
      double cpu = Measure.cpu(target) - cpuBefore;
      double jit = Measure.jit(target) - jitBefore;
      List<String> notes = new ArrayList<>();
      if (c.failed() > 0) {
        notes.add(c.failed() + " of " + ids.size() + " failed, first: " + c.firstError());
      }
      // How far the warm-up got the broker to its steady state: compiling during the storm is part of its CPU time.
      jitText(jit).ifPresent(notes::add);
      String note = notes.isEmpty() ? null : String.join("; ", notes);
      if (c.clients().isEmpty()) {
        results.add(Result.missing(NAME, target, auth, "connects_per_s", "1/s", "higher", note));
      } else {
        results.add(Result.higher(NAME, target, auth, "connects_per_s", c.perSecond(), "1/s").withNote(note));
        results.add(Result.lower(NAME, target, auth, "connack_p50_ms",
            c.connectMicros().getValueAtPercentile(50) / 1000.0, "ms"));
        results.add(Result.lower(NAME, target, auth, "connack_p99_ms",
            c.connectMicros().getValueAtPercentile(99) / 1000.0, "ms"));
        Measure.cpuPerUnit(NAME, target, auth, cpu, c.clients().size(), "connect").ifPresent(results::add);
      }
      Fleet.closeAll(c.clients(), Duration.ofSeconds(30));
      Measure.settle();
    }
    return results;
  }

  private static Optional<String> jitText(double seconds) {
    return Double.isNaN(seconds) ? Optional.empty()
        : Optional.of(String.format(Locale.ROOT, "JIT compiling %.0f ms", seconds * 1000));
  }

  /**
   * Unmeasured storms of {@code storm-clients} first, in the same mode but with client ids of their own (so that the
   * measured storm still finds every per-client cache cold): a JVM broker measured cold would show its JIT compiler at
   * work, not the steady state a long-running broker is in. Its compilers share two cores with the generator and drop
   * a queued method again when its calls pause, so a path run once per CONNECT may still be interpreted or lightly
   * compiled after tens of thousands of CONNECTs; the warm-up goes on until a storm leaves the compilers (nearly) idle,
   * at most {@code storm-warmup} connects. Any other broker gets one storm.
   */
  private static Optional<Result> warmUp(LoadClient load, LoadOptions options, Prepared prepared, String mode,
      Credentials.Source source) throws InterruptedException {
    Target target = prepared.target();
    int pool = Prepared.warmUpClients(options, mode);
    int size = Math.min(pool, options.stormClients());
    int connects = 0;
    double jit = Double.NaN;
    double jitMark = Measure.jit(target); // each reading starts a jcmd: one per storm, shared by two storms
    Optional<Result> first = Optional.empty();
    List<String> rates = new ArrayList<>();
    while (connects < Math.max(size, options.stormWarmUp())) {
      List<String> ids = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        ids.add(Prepared.warmUpClientId(mode, (connects + i) % pool));
      }
      Fleet.Connected c = Fleet.connect(load, target, source, ids, options.stormWindow(), 60, PER_CLIENT, DEADLINE);
      Fleet.closeAll(c.clients(), Duration.ofSeconds(30));
      double jitNow = Measure.jit(target);
      jit = jitNow - jitMark;
      jitMark = jitNow;
      rates.add(String.format(Locale.ROOT, "%.0f", c.perSecond()));
      if (connects == 0 && !c.clients().isEmpty()) {
        first = Optional.of(Result.higher(NAME, target, mode, "first_storm_connects_per_s", c.perSecond(), "1/s")
            .withNote("the first storm in this mode, before any warm-up" + jitText(jit).map(j -> "; " + j).orElse("")));
      }
      connects += size;
      if (Double.isNaN(jit) || jit < JIT_QUIET_SECONDS) {
        break;
      }
    }
    Log.info(NAME + " " + mode + " warm-up: " + connects + " connects on " + target + ", connects/s of each storm: "
        + String.join(" ", rates) + jitText(jit).map(j -> ", " + j + " in the last").orElse(""));
    Measure.jitQuiet(target, Duration.ofSeconds(30));
    Measure.settle();
    return first;
  }
}
