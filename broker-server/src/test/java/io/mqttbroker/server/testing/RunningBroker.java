package io.mqttbroker.server.testing;

import io.mqttbroker.server.BrokerApplication;
import io.mqttbroker.server.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole broker (store, modes, MQTT, admin API) on ephemeral loopback ports with a fresh data directory, for
 * end-to-end tests. The owner key is fixed ({@link #OWNER_ID} / {@link #OWNER_SECRET}). Restartable on the same data
 * directory to test persistence.
 */
public final class RunningBroker implements AutoCloseable {
  public static final String OWNER_ID = "AKTESTOWNER0000000001";
  public static final String OWNER_SECRET = "test-owner-secret-0123456789";
  public static final String INSTANCE = "mqtt-test";

  private final Path dataDir;
  private final Map<String, String> overrides;
  private BrokerApplication app;

  private RunningBroker(Path dataDir, Map<String, String> overrides) throws InterruptedException {
    this.dataDir = dataDir;
    this.overrides = overrides;
    this.app = BrokerApplication.start(Settings.of(overrides));
  }

  /** A broker with the default configuration plus {@code extra} (keys as in broker.properties). */
  public static RunningBroker start(Map<String, String> extra) {
    try {
      Path dir = Files.createTempDirectory("mqtt-broker-test");
      Map<String, String> o = new HashMap<>();
      o.put("mqtt.port", "0");
      o.put("mqtt.admin-port", "0");
      // The WebSocket listener is on by default (8083); tests that want it set a free port themselves.
      o.put("mqtt.ws-port", "0");
      o.put("mqtt.bind-address", "127.0.0.1");
      o.put("mqtt.data-dir", dir.toString());
      o.put("mqtt.instance-id", INSTANCE);
      o.put("mqtt.admin-access-key-id", OWNER_ID);
      o.put("mqtt.admin-access-key-secret", OWNER_SECRET);
      o.putAll(extra);
      return new RunningBroker(dir, Map.copyOf(o));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static RunningBroker start() {
    return start(Map.of());
  }

  /** Stops and starts again on the same data directory (ports change). */
  public void restart() {
    app.close();
    try {
      app = BrokerApplication.start(Settings.of(overrides));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String mqttUri() {
    return "tcp://127.0.0.1:" + app.mqttPort();
  }

  public int mqttPort() {
    return app.mqttPort();
  }

  public String adminUri() {
    return "http://127.0.0.1:" + app.adminPort();
  }

  /** An admin client signed with the owner key. */
  public AdminClient owner() {
    return new AdminClient(adminUri(), OWNER_ID, OWNER_SECRET);
  }

  /** An admin client signed with any key. */
  public AdminClient as(String accessKeyId, String secret) {
    return new AdminClient(adminUri(), accessKeyId, secret);
  }

  public BrokerApplication app() {
    return app;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    app.close();
  }
}
