package io.mqttbroker.container;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mqttbroker.core.security.spi.Signatures;
import io.mqttbroker.core.testing.Paho;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image of docker/Dockerfile as a user runs it: built from the sources, started with the owner key in the
 * environment, a mounted configuration file and the data directory on a named volume, ports published to the host.
 * It turns healthy by its own HEALTHCHECK, an application server registers a device credential through the admin API,
 * the device connects with Paho through the published port and gets its own message back; SIGTERM stops it
 * gracefully; after the restart the same credential still connects, read back from the volume.
 *
 * <p>Runs on podman where no Docker engine answers (CI), else through Testcontainers: see {@link ContainerEngine}.
 */
class BrokerImageTest {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerImageTest.class);
  private static final String OWNER_ID = "ContainerTestOwner";
  private static final String OWNER_SECRET = "owner-" + UUID.randomUUID();
  /** Set in the mounted configuration file, so a credential naming it proves the file was read. */
  private static final String INSTANCE = "mqtt-container-test";
  private static final String CLIENT_ID = "GID_container@@@device-1";
  private static final Duration HEALTHY_WITHIN = Duration.ofMinutes(2);
  /** Exit code of a JVM that ran its shutdown hooks after SIGTERM (128 + 15); SIGKILL would give 137. */
  private static final int GRACEFUL_SIGTERM_EXIT = 143;

  @TempDir
  Path tmp;

  @Test
  // Cold (tools, base images, Maven downloads) takes minutes, not the seconds of the shared default; each step below
  // has its own bound, this is the backstop.
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void imageRunsTheBrokerAndKeepsACredentialInItsVolumeAcrossARestart() throws Exception {
    long started = System.nanoTime();
    Path root = Path.of(System.getProperty("container-test.root", "..")).toAbsolutePath().normalize();
    try (ContainerEngine engine = ContainerEngine.detect(root, root.resolve("container-test/target"))) {
      LOG.info("engine ready after {} s: {}", seconds(started), engine.describe());
      try {
        engine.buildImage();
        LOG.info("image built after {} s", seconds(started));
        engine.start(Map.of("MQTT_ADMIN_ACCESS_KEY_ID", OWNER_ID, "MQTT_ADMIN_ACCESS_KEY_SECRET", OWNER_SECRET),
            configFile());
        awaitHealthy(engine, "first start");
        LOG.info("healthy after {} s", seconds(started));

        AdminApi admin = new AdminApi(engine.host(), engine.hostPort(8080), OWNER_ID, OWNER_SECRET);
        AdminApi.Answer health = admin.getAnonymous("/health");
        assertEquals(200, health.status(), health.raw());
        assertEquals("UP", health.body().path("status").asText(), health.raw());

        AdminApi.Answer registered = admin.post("/api/v1/device-credentials", "{\"clientId\":\"" + CLIENT_ID + "\"}");
        assertEquals(201, registered.status(), registered.raw());
        assertEquals(INSTANCE, registered.body().path("instanceId").asText(), "instance id from the mounted file");
        String keyId = registered.body().path("deviceAccessKeyId").asText();
        String secret = registered.body().path("deviceAccessKeySecret").asText();
        publishAndReceiveOwnMessage(engine, keyId, secret, "first start");

        ContainerEngine.Stopped stopped = engine.stop();
        LOG.info("stop took {} ms, exit code {}", stopped.took().toMillis(), stopped.exitCode());
        assertEquals(GRACEFUL_SIGTERM_EXIT, stopped.exitCode(),
            "the JVM handles SIGTERM within the stop timeout (137 = killed after it)");
        assertTrue(engine.logs().contains("broker stopped"), "shutdown hook closed the broker");

        engine.startAgain();
        awaitHealthy(engine, "restart");
        // A credential from before the restart: the database file and the key that decrypts its secret both came
        // back from the volume.
        publishAndReceiveOwnMessage(engine, keyId, secret, "after the restart");
      } catch (AssertionError | RuntimeException e) {
        LOG.error("container test failed; the container printed:\n{}", safeLogs(engine));
        throw e;
      }
    }
    LOG.info("container test took {} s in all", seconds(started));
  }

  private Path configFile() throws Exception {
    Path file = tmp.resolve("broker.properties");
    Files.writeString(file, "# mounted by BrokerImageTest\nmqtt.instance-id=" + INSTANCE + "\n",
        StandardCharsets.UTF_8);
    // Read by the image's unprivileged user.
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    return file;
  }

  private static void publishAndReceiveOwnMessage(ContainerEngine engine, String keyId, String secret, String when)
      throws Exception {
    String uri = "tcp://" + engine.host() + ":" + engine.hostPort(1883);
    try (Paho.V3 device = Paho.v3(uri, CLIENT_ID)) {
      device.connect(Paho.v3Options("DeviceCredential|" + keyId + "|" + INSTANCE,
          Signatures.hmacSha1Base64(secret, CLIENT_ID), true));
      device.client.subscribe("container/test", 1);
      device.publish("container/test", "hello " + when, 1, false);
      assertEquals("hello " + when, device.received.next(Duration.ofSeconds(15)).payload());
    }
  }

  private static void awaitHealthy(ContainerEngine engine, String when) {
    try {
      await().atMost(HEALTHY_WITHIN).pollInterval(Duration.ofSeconds(1)).until(engine::healthy);
    } catch (ConditionTimeoutException e) {
      fail("not healthy within " + HEALTHY_WITHIN + " (" + when + ")");
    }
  }

  private static String safeLogs(ContainerEngine engine) {
    try {
      return engine.logs();
    } catch (RuntimeException e) {
      return "(no logs: " + e.getMessage() + ")";
    }
  }

  private static long seconds(long since) {
    return Duration.ofNanos(System.nanoTime() - since).toSeconds();
  }
}
