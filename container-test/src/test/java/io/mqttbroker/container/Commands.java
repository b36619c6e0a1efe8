package io.mqttbroker.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command line tool (podman, docker, the setup script) with a bounded wait and its output in a file. */
final class Commands {
  private final Map<String, String> extraEnv;
  private final Path logDir;

  Commands(Map<String, String> extraEnv, Path logDir) {
    this.extraEnv = Map.copyOf(extraEnv);
    this.logDir = logDir;
  }

  /** What a command did: its exit code and everything it printed (stdout and stderr together). */
  record Result(List<String> command, int exitCode, String output, Duration took) {
    boolean ok() {
      return exitCode == 0;
    }

    /** The output without the lines podman prints on every run in a sandbox without systemd (healthcheck timers). */
    String quietOutput() {
      return output.lines().filter(l -> !l.contains("systemd connection")).reduce("", (a, b) -> a + b + "\n").trim();
    }

    /** The last lines, for failure messages. */
    String tail(int lines) {
      List<String> all = output.lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
  }

  /** Runs {@code command}; fails when it does not end within {@code timeout}. */
  Result run(Duration timeout, String... command) {
    return run(timeout, List.of(command));
  }

  Result run(Duration timeout, List<String> command) {
    Path log;
    try {
      Files.createDirectories(logDir);
      log = Files.createTempFile(logDir, command.get(0).replaceAll("[^A-Za-z0-9]", "") + "-", ".log");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(extraEnv);
    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        destroyTree(process);
        throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command)
            + "\n" + Files.readString(log, StandardCharsets.UTF_8));
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Files.deleteIfExists(log);
      return new Result(command, process.exitValue(), output, Duration.ofNanos(System.nanoTime() - started));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the output of " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      // A test timeout interrupts us: the command must not live on (a half-done apt-get or debootstrap).
      destroyTree(process);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
    }
  }

  private static void destroyTree(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** Runs {@code command} and fails unless it exits 0. */
  Result ok(Duration timeout, String... command) {
    return ok(timeout, List.of(command));
  }

  Result ok(Duration timeout, List<String> command) {
    Result r = run(timeout, command);
    if (!r.ok()) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + r.exitCode() + ":\n" + r.tail(60));
    }
    return r;
  }
}
