package io.mqttbroker.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker as a separate operating-system process, configured through the environment like a deployment, so a test
 * can kill it without warning ({@link #kill()}: SIGKILL, no shutdown hook runs). It runs the shaded jar
 * {@code target/mqtt-broker.jar} when the build has made it, else {@code BrokerMain} on this JVM's class path (under
 * surefire that is the module's own classes and dependencies). Ports are ephemeral and read from the broker's
 * "ready" log line; the owner key is {@link RunningBroker#OWNER_ID}.
 */
public final class ChildBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChildBroker.class);
  private static final Pattern READY = Pattern.compile("ready: .* MQTT port (\\d+), admin port (\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final int mqttPort;
  private final int adminPort;
  private final List<String> output;

  private ChildBroker(Process process, int mqttPort, int adminPort, List<String> output) {
    this.process = process;
    this.mqttPort = mqttPort;
    this.adminPort = adminPort;
    this.output = output;
  }

  /** The jar the build makes ({@code ./mvnw package}), relative to the broker-server module. */
  public static Path jar() {
    return Path.of("target", "mqtt-broker.jar").toAbsolutePath();
  }

  /**
   * How the child is started: {@code "jar"} or {@code "classpath"}; {@code -Dmqtt.test.child-launch=classpath} picks
   * the class path even when the jar exists (to test changes not yet packaged).
   */
  public static String launchMode() {
    if ("classpath".equals(System.getProperty("mqtt.test.child-launch"))) {
      return "classpath";
    }
    return Files.isRegularFile(jar()) ? "jar" : "classpath";
  }

  /** Starts a broker on {@code dataDir} with {@code extraEnv} and waits until it is ready. */
  public static ChildBroker start(Path dataDir, Map<String, String> extraEnv) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    if (launchMode().equals("jar")) {
      command.addAll(List.of("-jar", jar().toString()));
    } else {
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.mqttbroker.server.BrokerMain"));
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("MQTT_"));
    env.put("MQTT_PORT", "0");
    env.put("MQTT_ADMIN_PORT", "0");
    env.put("MQTT_WS_PORT", "0");
    env.put("MQTT_BIND_ADDRESS", "127.0.0.1");
    env.put("MQTT_DATA_DIR", dataDir.toString());
    env.put("MQTT_INSTANCE_ID", RunningBroker.INSTANCE);
    env.put("MQTT_ADMIN_ACCESS_KEY_ID", RunningBroker.OWNER_ID);
    env.put("MQTT_ADMIN_ACCESS_KEY_SECRET", RunningBroker.OWNER_SECRET);
    env.putAll(extraEnv);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a broker process", e);
    }
    List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<int[]> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> read(process, output, ready), "child-broker-output");
    reader.setDaemon(true);
    reader.start();
    try {
      int[] ports = ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("broker process {} started from the {}: MQTT port {}, admin port {}", process.pid(), launchMode(),
          ports[0], ports[1]);
      return new ChildBroker(process, ports[0], ports[1], output);
    } catch (TimeoutException | ExecutionException e) {
      process.destroyForcibly();
      throw new IllegalStateException("the broker process did not become ready (" + launchMode() + "); output:\n"
          + String.join("\n", output), e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void read(Process process, List<String> output, CompletableFuture<int[]> ready) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        output.add(line);
        Matcher m = READY.matcher(line);
        if (m.find()) {
          ready.complete(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
        }
      }
    } catch (IOException ignored) {
      // The process went away.
    }
    ready.completeExceptionally(new IllegalStateException("the broker process exited: " + exitCode(process)));
  }

  private static String exitCode(Process process) {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  public String mqttUri() {
    return "tcp://127.0.0.1:" + mqttPort;
  }

  public AdminClient owner() {
    return new AdminClient("http://127.0.0.1:" + adminPort, RunningBroker.OWNER_ID, RunningBroker.OWNER_SECRET);
  }

  /** What the process printed so far (its log). */
  public List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  /** kill -9: the process ends at once, without its shutdown hook; returns when it is gone. */
  public void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the broker process did not end");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops it gracefully (SIGTERM), forcibly if it does not end in time. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
