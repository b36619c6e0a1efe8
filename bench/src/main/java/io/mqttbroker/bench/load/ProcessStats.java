package io.mqttbroker.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code /proc} says about a process (Linux): resident memory, open-files limit; and a full GC of a JVM. */
final class ProcessStats {
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  private ProcessStats() {}

  /** VmRSS of {@code pid} in KiB, from {@code /proc/<pid>/status}. */
  static long rssKib(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS for process " + pid);
  }

  /** The soft limit of open files of {@code pid} ("self" for this process); Long.MAX_VALUE when unlimited. */
  static long openFilesLimit(String pid) throws IOException {
    List<String> lines = Files.readAllLines(Path.of("/proc", pid, "limits"));
    for (String line : lines) {
      if (line.startsWith("Max open files")) {
        String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
        return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
      }
    }
    throw new IOException("no open-files limit for process " + pid);
  }

  /** CPU time (user + system) of {@code pid} so far, in seconds, from {@code /proc/<pid>/stat}. */
  static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // Fields after the command name (which may hold spaces) start after the last ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return ticks / 100.0;
  }

  /** Runs {@code jcmd <pid> GC.run} (a full collection), so that a memory reading holds live data only. */
  static void fullGc(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
  }

  /** The used Java heap of a JVM in KiB ({@code jcmd <pid> GC.heap_info}). */
  static long heapUsedKib(long pid) throws IOException, InterruptedException {
    for (String line : jcmd(pid, "GC.heap_info").split("\n")) {
      Matcher m = HEAP_USED.matcher(line);
      if (line.contains("heap") && m.find()) {
        return Long.parseLong(m.group(1));
      }
    }
    throw new IOException("no heap usage in the answer of jcmd " + pid + " GC.heap_info");
  }

  /**
   * Whether a JVM's JIT compilers are idle ({@code jcmd <pid> Compiler.queue}): nothing being compiled and both
   * queues empty. Every line of the answer other than its headers names a method compiling or waiting.
   */
  static boolean jitIdle(long pid) throws IOException, InterruptedException {
    return jcmd(pid, "Compiler.queue").lines().skip(1).map(String::strip)
        .allMatch(l -> l.isEmpty() || l.endsWith(":") || l.equals("Empty"));
  }

  /** Seconds a JVM's JIT compilers have worked so far ({@code java.ci.totalTime} of {@code jcmd <pid> PerfCounter.print}). */
  static double jitSeconds(long pid) throws IOException, InterruptedException {
    Map<String, String> counters = new HashMap<>();
    for (String line : jcmd(pid, "PerfCounter.print").split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        counters.put(line.substring(0, eq), line.substring(eq + 1).strip());
      }
    }
    String ticks = counters.get("java.ci.totalTime");
    String frequency = counters.get("sun.os.hrt.frequency");
    if (ticks == null || frequency == null) {
      throw new IOException("no JIT time in the answer of jcmd " + pid + " PerfCounter.print");
    }
    return Double.parseDouble(ticks) / Double.parseDouble(frequency);
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid), command)
        .redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("jcmd " + command + " did not finish within 60 s");
    }
    if (p.exitValue() != 0) {
      throw new IOException("jcmd " + pid + " " + command + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
