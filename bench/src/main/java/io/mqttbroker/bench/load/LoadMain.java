package io.mqttbroker.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load generator: runs bounded scenarios against one or more brokers and prints one JSON line per figure
 * ({@code {"scenario","broker","auth","metric","value","unit","better"[,"note"]}}) on stdout (and into {@code --out}).
 * With several targets each scenario runs against every target before the next scenario starts, so that a change in
 * the machine's load hits all of them alike. Progress goes to stderr. See {@link LoadOptions#USAGE}.
 */
public final class LoadMain {
  private LoadMain() {}

  public static void main(String[] args) throws Exception {
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (LoadClient load = new LoadClient(options.threads(), options.sources())) {
      boolean storm = options.scenarios().contains(ConnectStorm.NAME);
      Map<Target, Prepared> prepared = new LinkedHashMap<>();
      for (Target t : options.targets()) {
        prepared.put(t, Prepared.of(t, options, storm));
      }
      long capacity = IdleConnections.capacity(options.targets());
      for (String scenario : options.scenarios()) {
        if (scenario.equals(Latency.NAME)) {
          emit(Latency.rounds(load, options, List.copyOf(prepared.values())), out, options);
          continue;
        }
        for (Prepared p : prepared.values()) {
          List<Result> results;
          try {
            results = run(scenario, load, options, p, capacity);
          } catch (Exception e) {
            Log.info(scenario + " failed on " + p.target() + ": " + e);
            results = List.of(Result.missing(scenario, p.target(), p.main().mode(), "error", "", "higher",
                String.valueOf(e)));
          }
          emit(results, out, options);
        }
      }
    }
  }

  private static List<Result> run(String scenario, LoadClient load, LoadOptions o, Prepared p, long capacity)
      throws Exception {
    return switch (scenario) {
      case ConnectStorm.NAME -> ConnectStorm.run(load, o, p);
      case "fan-in-qos0" -> Throughput.fanIn(load, o, p, 0);
      case "fan-in-qos1" -> Throughput.fanIn(load, o, p, 1);
      case "fan-out-qos0" -> Throughput.fanOut(load, o, p, 0);
      case "fan-out-qos1" -> Throughput.fanOut(load, o, p, 1);
      case IdleConnections.NAME -> IdleConnections.run(load, o, p, capacity);
      default -> throw new IllegalArgumentException("unknown scenario " + scenario);
    };
  }

  private static void emit(List<Result> results, PrintStream out, LoadOptions options) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Result r : results) {
      lines.add(r.toJson());
    }
    lines.forEach(out::println);
    if (options.out().isPresent()) {
      Files.write(options.out().get(), lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }
}
