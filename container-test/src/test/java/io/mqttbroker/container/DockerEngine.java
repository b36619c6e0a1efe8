package io.mqttbroker.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * A Docker engine through Testcontainers. The image is built with the docker command line, because the Dockerfile's
 * cache mount needs BuildKit, which Docker's build API (and so Testcontainers' image builder) does not use; the base
 * images are the Dockerfile's defaults unless {@code CONTAINER_TEST_JDK_IMAGE} / {@code CONTAINER_TEST_JRE_IMAGE} name
 * others. Everything after the build goes through Testcontainers.
 */
final class DockerEngine implements ContainerEngine {
  private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);
  /** The image's HEALTHCHECK runs every 15 s; the test asks Docker for every second instead (same command). */
  private static final Duration HEALTH_INTERVAL = Duration.ofSeconds(1);

  private final Path root;
  private final Commands cli;
  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String tag = "mqtt-broker-test:" + id;
  private final String volume = "mqtt-broker-test-data-" + id;
  private GenericContainer<?> container;
  private boolean built;

  DockerEngine(Path root, Path workDir) {
    this.root = root;
    // The cache mount needs BuildKit; the legacy builder would stop at it.
    this.cli = new Commands(Map.of("DOCKER_BUILDKIT", System.getenv().getOrDefault("DOCKER_BUILDKIT", "1")),
        workDir.resolve("logs"));
  }

  @Override
  public String describe() {
    var info = DockerClientFactory.instance().client().versionCmd().exec();
    return "Docker engine " + info.getVersion() + " through Testcontainers, base images "
        + System.getenv().getOrDefault("CONTAINER_TEST_JDK_IMAGE", "(Dockerfile default)") + " and "
        + System.getenv().getOrDefault("CONTAINER_TEST_JRE_IMAGE", "(Dockerfile default)");
  }

  @Override
  public void buildImage() {
    built = true;
    List<String> build = new ArrayList<>(List.of("docker", "build"));
    String jdk = System.getenv("CONTAINER_TEST_JDK_IMAGE");
    String jre = System.getenv("CONTAINER_TEST_JRE_IMAGE");
    if (jdk != null && !jdk.isBlank()) {
      build.addAll(List.of("--build-arg", "JDK_IMAGE=" + jdk));
    }
    if (jre != null && !jre.isBlank()) {
      build.addAll(List.of("--build-arg", "JRE_IMAGE=" + jre));
    }
    build.addAll(List.of("-f", root.resolve("docker/Dockerfile").toString(), "-t", tag, root.toString()));
    Commands.Result r = cli.ok(Duration.ofMinutes(20), build);
    LOG.info("docker build: {} ms", r.took().toMillis());
  }

  @Override
  public void start(Map<String, String> env, Path configFile) {
    GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(tag));
    c.withEnv(env)
        .withExposedPorts(1883, 8080)
        .withCopyFileToContainer(MountableFile.forHostPath(configFile, 0644), CONFIG_FILE)
        .withCreateContainerCmdModifier(cmd -> {
          cmd.getHostConfig().withBinds(new Bind(volume, new Volume(DATA_DIR)));
          // Only the interval: Docker keeps the image's test command, timeout and retries.
          cmd.withHealthcheck(new HealthCheck().withInterval(HEALTH_INTERVAL.toNanos()));
        })
        .waitingFor(Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(2)));
    container = c;
    c.start();
  }

  @Override
  public boolean healthy() {
    InspectContainerResponse.ContainerState state = inspect().getState();
    return Boolean.TRUE.equals(state.getRunning()) && state.getHealth() != null
        && "healthy".equals(state.getHealth().getStatus());
  }

  @Override
  public String host() {
    return container.getHost();
  }

  @Override
  public int hostPort(int containerPort) {
    // Docker may hand out new host ports after a restart, and Testcontainers caches the first ones: inspect anew.
    Ports.Binding[] bindings = inspect().getNetworkSettings().getPorts().getBindings()
        .get(ExposedPort.tcp(containerPort));
    return Integer.parseInt(bindings[0].getHostPortSpec());
  }

  @Override
  public Stopped stop() {
    long started = System.nanoTime();
    client().stopContainerCmd(container.getContainerId()).withTimeout((int) STOP_TIMEOUT.toSeconds()).exec();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    Long code = inspect().getState().getExitCodeLong();
    return new Stopped(code == null ? -1 : code.intValue(), took);
  }

  @Override
  public void startAgain() {
    client().startContainerCmd(container.getContainerId()).exec();
  }

  @Override
  public String logs() {
    return container.getLogs();
  }

  @Override
  public void close() {
    if (container != null) {
      quietly("container", container::stop);
      quietly("volume", () -> client().removeVolumeCmd(volume).exec());
    }
    if (built) {
      quietly("image", () -> client().removeImageCmd(tag).withForce(true).exec());
    }
  }

  private static void quietly(String what, Runnable removal) {
    try {
      removal.run();
    } catch (RuntimeException e) {
      LOG.warn("removing the test's {}: {}", what, e.getMessage());
    }
  }

  private DockerClient client() {
    return DockerClientFactory.instance().client();
  }

  private InspectContainerResponse inspect() {
    return client().inspectContainerCmd(container.getContainerId()).exec();
  }
}
