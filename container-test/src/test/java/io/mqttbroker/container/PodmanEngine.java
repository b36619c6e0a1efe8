package io.mqttbroker.container;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * podman's command line, set up by {@code scripts/container-test-setup.sh}: the tools, a project-local containers.conf
 * ({@code CONTAINERS_CONF}) and base images made from Debian packages, since no image registry may be reachable. The
 * image is built with those base images as build arguments; ports are published on 127.0.0.1 only.
 */
final class PodmanEngine implements ContainerEngine {
  private static final Logger LOG = LoggerFactory.getLogger(PodmanEngine.class);
  private static final Duration SHORT = Duration.ofMinutes(2);

  private final Path root;
  private final Commands podman;
  private final String jdkImage;
  private final String jreImage;
  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String tag = "localhost/mqtt-broker-test:" + id;
  private final String name = "mqtt-broker-test-" + id;
  private final String volume = "mqtt-broker-test-data-" + id;
  private boolean built;
  private boolean created;

  private PodmanEngine(Path root, Commands podman, String jdkImage, String jreImage) {
    this.root = root;
    this.podman = podman;
    this.jdkImage = jdkImage;
    this.jreImage = jreImage;
  }

  /** Runs the setup script (installs what is missing, builds or finds the base images) and reads what it printed. */
  static PodmanEngine prepare(Path root, Path workDir) {
    Path stateDir = workDir.resolve("podman");
    Commands plain = new Commands(Map.of("CONTAINER_TEST_STATE_DIR", stateDir.toString()), workDir.resolve("logs"));
    // Cold: apt-get plus one debootstrap (about two minutes here); warm: a few podman look-ups.
    Commands.Result setup = plain.ok(Duration.ofMinutes(15), "bash",
        root.resolve("scripts/container-test-setup.sh").toString());
    LOG.info("setup script: {} ms", setup.took().toMillis());
    Map<String, String> values = new HashMap<>();
    setup.output().lines().filter(l -> l.matches("(CONTAINERS_CONF|JDK_IMAGE|JRE_IMAGE)=.+")).forEach(l -> {
      int eq = l.indexOf('=');
      values.put(l.substring(0, eq), l.substring(eq + 1));
    });
    if (values.size() != 3) {
      throw new IllegalStateException("the setup script did not name the conf and both images:\n" + setup.tail(30));
    }
    Commands podman = new Commands(Map.of("CONTAINERS_CONF", values.get("CONTAINERS_CONF")), workDir.resolve("logs"));
    return new PodmanEngine(root, podman, values.get("JDK_IMAGE"), values.get("JRE_IMAGE"));
  }

  @Override
  public String describe() {
    return "podman (" + podman.ok(SHORT, "podman", "--version").output().trim() + "), base images " + jdkImage
        + " and " + jreImage;
  }

  @Override
  public void buildImage() {
    built = true;
    // --layers=false: no intermediate images pile up run after run; the Maven cache mount still makes it fast.
    // --format docker: the OCI format has no HEALTHCHECK. --network=host: the build stage's Maven downloads.
    Commands.Result r = podman.ok(Duration.ofMinutes(20), "podman", "build", "--layers=false", "--format", "docker",
        "--network=host", "--build-arg", "JDK_IMAGE=" + jdkImage, "--build-arg", "JRE_IMAGE=" + jreImage,
        "-f", root.resolve("docker/Dockerfile").toString(), "-t", tag, root.toString());
    LOG.info("podman build: {} ms", r.took().toMillis());
  }

  @Override
  public void start(Map<String, String> env, Path configFile) {
    List<String> run = new ArrayList<>(List.of("podman", "run", "--detach", "--name", name,
        "--publish", "127.0.0.1::1883", "--publish", "127.0.0.1::8080",
        "--volume", volume + ":" + DATA_DIR,
        "--volume", configFile.toAbsolutePath() + ":" + CONFIG_FILE + ":ro"));
    env.forEach((k, v) -> run.addAll(List.of("--env", k + "=" + v)));
    run.add(tag);
    created = true;
    podman.ok(SHORT, run);
  }

  @Override
  public boolean healthy() {
    // No systemd here to run the check on its interval, so the test runs the image's HEALTHCHECK itself.
    return podman.run(SHORT, "podman", "healthcheck", "run", name).ok();
  }

  @Override
  public String host() {
    return "127.0.0.1";
  }

  @Override
  public int hostPort(int containerPort) {
    String mapping = podman.ok(SHORT, "podman", "port", name, containerPort + "/tcp").quietOutput();
    // "127.0.0.1:40303"
    return Integer.parseInt(mapping.lines().findFirst().orElseThrow().replaceAll(".*:", "").trim());
  }

  @Override
  public Stopped stop() {
    Commands.Result r = podman.ok(SHORT, "podman", "stop", "--time", String.valueOf(STOP_TIMEOUT.toSeconds()), name);
    String code = podman.ok(SHORT, "podman", "inspect", "--format", "{{.State.ExitCode}}", name).quietOutput();
    return new Stopped(Integer.parseInt(code.trim()), r.took());
  }

  @Override
  public void startAgain() {
    podman.ok(SHORT, "podman", "start", name);
  }

  @Override
  public String logs() {
    return podman.run(SHORT, "podman", "logs", name).quietOutput();
  }

  @Override
  public void close() {
    if (created) {
      quietly("podman", "rm", "--force", "--time", "0", name);
      quietly("podman", "volume", "rm", "--force", volume);
    }
    if (built) {
      quietly("podman", "image", "rm", "--force", tag);
    }
  }

  private void quietly(String... command) {
    try {
      Commands.Result r = podman.run(SHORT, command);
      if (!r.ok()) {
        LOG.warn("{} exited {}: {}", String.join(" ", command), r.exitCode(), r.tail(5));
      }
    } catch (RuntimeException e) {
      LOG.warn("{} failed: {}", String.join(" ", command), e.getMessage());
    }
  }
}
