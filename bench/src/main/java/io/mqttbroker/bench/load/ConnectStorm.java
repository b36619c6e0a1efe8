package io.mqttbroker.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

  private ConnectStorm() {}

  static List<Result> run(LoadClient load, LoadOptions options, Prepared prepared) throws InterruptedException {
    List<Result> results = new ArrayList<>();
    Target target = prepared.target();
    for (Map.Entry<String, Credentials.Source> mode : prepared.storm().entrySet()) {
      String auth = mode.getKey();
      warmUp(load, options, prepared, auth, mode.getValue());
      Log.info(NAME + " " + auth + " on " + target);
      List<String> ids = new ArrayList<>(options.stormClients());
      for (int i = 0; i < options.stormClients(); i++) {
        ids.add(Prepared.stormClientId(auth, i));
      }
      double cpuBefore = Measure.cpu(target);
      Fleet.Connected c = Fleet.connect(load, target, mode.getValue(), ids, options.stormWindow(), 60, PER_CLIENT,
          DEADLINE);
      double cpu = Measure.cpu(target) - cpuBefore;
      String note = c.failed() == 0 ? null : c.failed() + " of " + ids.size() + " failed, first: " + c.firstError();
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

  /**
   * An unmeasured storm first, in the same mode but with client ids of its own (so that the measured storm still finds
   * every per-client cache cold): a JVM broker measured cold would show its JIT compiler at work, not the steady state
   * a long-running broker is in.
   */
  private static void warmUp(LoadClient load, LoadOptions options, Prepared prepared, String mode,
      Credentials.Source source) throws InterruptedException {
    int n = Prepared.warmUpClients(options);
    Log.info(NAME + " " + mode + " warm-up (" + n + " connects) on " + prepared.target());
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(Prepared.warmUpClientId(mode, i));
    }
    Fleet.Connected c = Fleet.connect(load, prepared.target(), source, ids, options.stormWindow(), 60, PER_CLIENT,
        DEADLINE);
    Fleet.closeAll(c.clients(), Duration.ofSeconds(30));
    Measure.settle();
  }
}
