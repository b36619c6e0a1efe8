package io.mqttbroker.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Idle authenticated connections: {@code n} clients connect (keep-alive 300 s, so the broker arms its keep-alive
 * timer for each) and stay; figures: time to establish them, and the broker's resident memory per connection - VmRSS
 * after minus before, divided by {@code n}. For a JVM broker each reading follows a full GC (and waits until the
 * collector has given the freed heap back), so that only live data counts, not garbage not yet reclaimed; its live
 * heap per connection is reported too.
 *
 * <p>A count that needs more file descriptors than the broker or the generator may open is not attempted: it yields a
 * line without a value that says so, and the largest count that fits is measured instead (once).
 */
final class IdleConnections {
  static final String NAME = "idle";
  private static final int KEEP_ALIVE_SECONDS = 300;
  /** Descriptors a process needs besides its connections (jars, epoll, listeners, the database). */
  private static final int SPARE_FDS = 1000;

  private IdleConnections() {}

  /** The most connections every target and this generator can hold, from their open-files limits. */
  static long capacity(List<Target> targets) throws IOException {
    long limit = ProcessStats.openFilesLimit("self");
    for (Target t : targets) {
      if (t.pid() > 0) {
        limit = Math.min(limit, ProcessStats.openFilesLimit(Long.toString(t.pid())));
      }
    }
    return limit == Long.MAX_VALUE ? limit : (limit - SPARE_FDS) / 1000 * 1000;
  }

  static List<Result> run(LoadClient load, LoadOptions o, Prepared p, long capacity) throws Exception {
    List<Result> results = new ArrayList<>();
    Target target = p.target();
    String auth = p.main().mode();
    int largestMeasured = 0;
    boolean capped = false;
    for (int n : o.idleCounts()) {
      if (n > capacity) {
        capped = true;
        String why = "not attempted: " + n + " connections need more file descriptors than the open-files limit "
            + "allows (at most " + capacity + " connections here)";
        results.add(Result.missing(scenario(n), target, auth, "rss_per_conn_kib", "KiB", "lower", why));
        results.add(Result.missing(scenario(n), target, auth, "establish_s", "s", "lower", why));
        continue;
      }
      results.addAll(measure(load, o, p, n));
      largestMeasured = Math.max(largestMeasured, n);
    }
    if (capped && capacity > largestMeasured && capacity < Integer.MAX_VALUE) {
      results.addAll(measure(load, o, p, (int) capacity));
    }
    return results;
  }

  private static String scenario(int n) {
    return NAME + "-" + n;
  }

  private static List<Result> measure(LoadClient load, LoadOptions o, Prepared p, int n) throws Exception {
    Target target = p.target();
    String auth = p.main().mode();
    String scenario = scenario(n);
    Log.info(scenario + " on " + target);
    Memory before = memory(target);
    Fleet.Connected c = Fleet.connect(load, target, p.main(), Fleet.ids(Prepared.GROUP + "idle", n), o.idleWindow(),
        KEEP_ALIVE_SECONDS, Duration.ofSeconds(60), Duration.ofSeconds(300));
    try {
      List<Result> results = new ArrayList<>();
      String note = c.failed() == 0 ? null : c.failed() + " of " + n + " failed, first: " + c.firstError();
      if (c.clients().isEmpty()) {
        results.add(Result.missing(scenario, target, auth, "establish_s", "s", "lower", note));
        return results;
      }
      results.add(Result.lower(scenario, target, auth, "establish_s", c.elapsedNanos() / 1e9, "s").withNote(note));
      // Let the broker finish the work that follows a CONNACK before reading its memory.
      Measure.during(3);
      Memory after = memory(target);
      int n2 = c.clients().size();
      if (before.rssKib() > 0 && after.rssKib() > 0) {
        results.add(Result.lower(scenario, target, auth, "rss_per_conn_kib",
            (after.rssKib() - before.rssKib()) / (double) n2, "KiB").withNote(note));
      }
      if (before.heapKib() > 0 && after.heapKib() > 0) {
        results.add(Result.lower(scenario, target, auth, "heap_per_conn_kib",
            (after.heapKib() - before.heapKib()) / (double) n2, "KiB").withNote(note));
      }
      return results;
    } finally {
      Fleet.closeAll(c.clients(), Duration.ofSeconds(60));
      Measure.settle();
    }
  }

  /** Resident memory and, for a JVM, live heap after a full GC; -1 for what cannot be read. */
  private static Memory memory(Target target) throws IOException, InterruptedException {
    if (target.pid() <= 0) {
      return new Memory(-1, -1);
    }
    if (!target.jvm()) {
      return new Memory(ProcessStats.rssKib(target.pid()), -1);
    }
    ProcessStats.fullGc(target.pid());
    long heap = ProcessStats.heapUsedKib(target.pid());
    // The collector gives the freed heap back to the system concurrently, after the GC: read once it has settled.
    long rss = ProcessStats.rssKib(target.pid());
    for (int i = 0; i < 40; i++) {
      Thread.sleep(250);
      long next = ProcessStats.rssKib(target.pid());
      boolean settled = Math.abs(next - rss) <= rss / 200;
      rss = next;
      if (settled) {
        break;
      }
    }
    return new Memory(rss, heap);
  }

  private record Memory(long rssKib, long heapKib) {}
}
