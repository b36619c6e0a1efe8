package io.mqttbroker.bench.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The command line of {@link LoadMain}: global options, then one {@code --target} per broker, each followed by its own
 * options. Durations are seconds.
 */
record LoadOptions(List<String> scenarios, Optional<Path> out, int threads, int sources, int stormClients,
    int stormWindow, List<String> stormModes, int stormWarmUp, int warmup, int duration, int publishers, int subscribers, int payload,
    int window, int pipe, int latencyRate, int latencyDuration, int latencyRounds, List<Integer> idleCounts, int idleWindow, List<Target> targets) {

  static final List<String> ALL_SCENARIOS =
      List.of("connect-storm", "fan-in-qos0", "fan-in-qos1", "fan-out-qos0", "fan-out-qos1", "latency-qos1", "idle");
  static final String USAGE = """
      usage: LoadMain [options] --target <name> <host>:<port> [target options] [--target ...]
        --scenarios a,b,..      any of connect-storm, fan-in[-qos0|-qos1], fan-out[-qos0|-qos1], latency-qos1, idle
                                (default: all)
        --out <file>            also append the result lines to this file
        --threads <n>           generator event loops (default 2)
        --sources <n>           loopback source addresses 127.0.0.2.. (default 16)
        --storm-clients <n>     CONNECT storm size (default 5000); --storm-window <n> CONNECTs outstanding (500)
        --storm-modes a,b       modes of a target with --admin (default signature,token,device-credential,custom)
        --storm-warmup <n>      unmeasured connects before each mode's storm at most: a JVM broker's warm-up ends
                                early once its JIT compilers are nearly idle (default 100000)
        --warmup <s> --duration <s>   throughput scenarios: unmeasured, then measured seconds (default 2, 8)
        --publishers <n>        fan-in publishers (50); --subscribers <n> fan-out subscribers (100)
        --payload <bytes>       payload size (64); --window <n> QoS 1 publishes in flight per publisher (32)
        --pipe <n>              messages on their way to each subscriber at most (500)
        --latency-rate <n>      msgs/s of the latency scenario (5000); --latency-duration <s> per round (6);
        --latency-rounds <n>    rounds, alternating between the targets; the median round counts (5)
        --idle-counts a,b       idle connection counts (default 10000,50000,100000); --idle-window <n> (1000)
      target options:
        --admin <url> --owner-id <id> --instance <id>   a broker of this project: credentials via its admin API
                                (owner secret from --owner-secret or the BENCH_OWNER_SECRET environment variable)
        --username <u> --password <p> --auth-label <l>  any other broker: one username/password for every client
        --pid <pid> [--jvm]     the broker's process, for resident memory (--jvm: full GC before each reading)
      """;

  static LoadOptions parse(String[] args) {
    Builder b = new Builder();
    TargetBuilder t = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (a.equals("--jvm")) {
        need(t, a).jvm = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + a + "\n" + USAGE);
      }
      String v = args[++i];
      switch (a) {
        case "--target" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--target needs <name> <host>:<port>");
          }
          t = new TargetBuilder(v, args[++i]);
          b.targets.add(t);
        }
        case "--scenarios" -> b.scenarios = expand(List.of(v.split(",")));
        case "--out" -> b.out = Optional.of(Path.of(v));
        case "--threads" -> b.threads = Integer.parseInt(v);
        case "--sources" -> b.sources = Integer.parseInt(v);
        case "--storm-clients" -> b.stormClients = Integer.parseInt(v);
        case "--storm-window" -> b.stormWindow = Integer.parseInt(v);
        case "--storm-modes" -> b.stormModes = List.of(v.split(","));
        case "--storm-warmup" -> b.stormWarmUp = Integer.parseInt(v);
        case "--warmup" -> b.warmup = Integer.parseInt(v);
        case "--duration" -> b.duration = Integer.parseInt(v);
        case "--publishers" -> b.publishers = Integer.parseInt(v);
        case "--subscribers" -> b.subscribers = Integer.parseInt(v);
        case "--payload" -> b.payload = Integer.parseInt(v);
        case "--window" -> b.window = Integer.parseInt(v);
        case "--pipe" -> b.pipe = Integer.parseInt(v);
        case "--latency-rate" -> b.latencyRate = Integer.parseInt(v);
        case "--latency-duration" -> b.latencyDuration = Integer.parseInt(v);
        case "--latency-rounds" -> b.latencyRounds = Integer.parseInt(v);
        case "--idle-counts" -> b.idleCounts = Arrays.stream(v.split(",")).map(Integer::valueOf).toList();
        case "--idle-window" -> b.idleWindow = Integer.parseInt(v);
        case "--admin" -> need(t, a).admin = Optional.of(v);
        case "--owner-id" -> need(t, a).ownerId = v;
        case "--owner-secret" -> need(t, a).ownerSecret = v;
        case "--instance" -> need(t, a).instance = v;
        case "--username" -> need(t, a).username = v;
        case "--password" -> need(t, a).password = v;
        case "--auth-label" -> need(t, a).authLabel = v;
        case "--pid" -> need(t, a).pid = Long.parseLong(v);
        default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
      }
    }
    if (b.targets.isEmpty()) {
      throw new IllegalArgumentException("no --target given\n" + USAGE);
    }
    return new LoadOptions(b.scenarios, b.out, b.threads, b.sources, b.stormClients, b.stormWindow, b.stormModes,
        b.stormWarmUp, b.warmup, b.duration, b.publishers, b.subscribers, b.payload, b.window, b.pipe, b.latencyRate, b.latencyDuration, b.latencyRounds,
        b.idleCounts, b.idleWindow, b.targets.stream().map(TargetBuilder::build).toList());
  }

  private static List<String> expand(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      List<String> matching = ALL_SCENARIOS.stream().filter(s -> s.equals(n) || s.startsWith(n + "-")).toList();
      if (matching.isEmpty()) {
        throw new IllegalArgumentException("unknown scenario " + n + "\n" + USAGE);
      }
      out.addAll(matching);
    }
    return out;
  }

  private static TargetBuilder need(TargetBuilder t, String option) {
    if (t == null) {
      throw new IllegalArgumentException(option + " must follow a --target");
    }
    return t;
  }

  private static final class Builder {
    List<String> scenarios = ALL_SCENARIOS;
    Optional<Path> out = Optional.empty();
    int threads = 2;
    int sources = 16;
    int stormClients = 5000;
    int stormWindow = 500;
    List<String> stormModes = List.of("signature", "token", "device-credential", "custom");
    int stormWarmUp = 100_000;
    int warmup = 2;
    int duration = 8;
    int publishers = 50;
    int subscribers = 100;
    int payload = 64;
    int window = 32;
    int pipe = 500;
    int latencyRate = 5000;
    int latencyDuration = 6;
    int latencyRounds = 5;
    List<Integer> idleCounts = List.of(10_000, 50_000, 100_000);
    int idleWindow = 1000;
    final List<TargetBuilder> targets = new ArrayList<>();
  }

  private static final class TargetBuilder {
    final String name;
    final String host;
    final int port;
    Optional<String> admin = Optional.empty();
    String ownerId = "";
    String ownerSecret = System.getenv().getOrDefault("BENCH_OWNER_SECRET", "");
    String instance = "mqtt-local";
    String username = "";
    String password = "";
    String authLabel = "";
    long pid;
    boolean jvm;

    TargetBuilder(String name, String hostPort) {
      this.name = name;
      int colon = hostPort.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("--target " + name + ": expected <host>:<port>, got " + hostPort);
      }
      this.host = hostPort.substring(0, colon);
      this.port = Integer.parseInt(hostPort.substring(colon + 1));
    }

    Target build() {
      String label = !authLabel.isEmpty() ? authLabel : username.isEmpty() ? "anonymous" : "password";
      return new Target(name, host, port, admin, ownerId, ownerSecret, instance, username, password, pid, jvm, label);
    }
  }
}
