package io.mqttbroker.container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.testcontainers.DockerClientFactory;

/**
 * What the container test needs from a container engine: build {@code docker/Dockerfile}, run the image with a named
 * volume, a mounted configuration file and published ports, run its HEALTHCHECK, stop it with SIGTERM and start it
 * again, and remove what it made. Two implementations: {@link PodmanEngine} (podman's command line, for machines
 * without a Docker engine such as CI) and {@link DockerEngine} (Testcontainers over a Docker engine).
 */
interface ContainerEngine extends AutoCloseable {
  /** Where the image keeps its data (the VOLUME of docker/Dockerfile). */
  String DATA_DIR = "/var/lib/mqtt-broker";
  /** Where the image reads its configuration file (MQTT_CONFIG_FILE of docker/Dockerfile). */
  String CONFIG_FILE = "/etc/mqtt-broker/broker.properties";
  /** How long {@code docker stop} waits before SIGKILL, by default. */
  Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  /** Which engine and which base images, for the log. */
  String describe();

  /** Builds the image from the repository's {@code docker/Dockerfile}. */
  void buildImage();

  /** Creates and starts the broker container: {@code env}, {@code configFile} at {@link #CONFIG_FILE}, a volume. */
  void start(Map<String, String> env, Path configFile);

  /** Runs the image's HEALTHCHECK once (or reads its latest result); true when healthy. */
  boolean healthy();

  /** The host name or address under which the published ports are reached. */
  String host();

  /** The host port published for {@code containerPort} (read anew: an engine may change it on restart). */
  int hostPort(int containerPort);

  /** {@code docker stop}: SIGTERM, then SIGKILL after {@link #STOP_TIMEOUT}. */
  Stopped stop();

  /** Starts the stopped container again (same container, same volume). */
  void startAgain();

  /** What the container printed so far. */
  String logs();

  /** Removes the container, its volume and the image tag; keeps cached base images. Never throws. */
  @Override
  void close();

  /** How a stop ended: the container's exit code and how long the engine took. */
  record Stopped(int exitCode, Duration took) {}

  /**
   * The engine of this machine: a Docker engine when one answers ({@code DOCKER_HOST} or /var/run/docker.sock), else
   * podman (installed by the setup script when missing). {@code CONTAINER_TEST_ENGINE=podman|docker} forces one.
   */
  static ContainerEngine detect(Path root, Path workDir) {
    String forced = System.getenv().getOrDefault("CONTAINER_TEST_ENGINE", "").toLowerCase(Locale.ROOT);
    if (forced.equals("podman")) {
      return PodmanEngine.prepare(root, workDir);
    }
    if (forced.equals("docker") || dockerEngineAnswers()) {
      return new DockerEngine(root, workDir);
    }
    return PodmanEngine.prepare(root, workDir);
  }

  private static boolean dockerEngineAnswers() {
    String dockerHost = System.getenv("DOCKER_HOST");
    boolean candidate = (dockerHost != null && !dockerHost.isBlank()) || Files.exists(Path.of("/var/run/docker.sock"));
    return candidate && DockerClientFactory.instance().isDockerAvailable();
  }
}
