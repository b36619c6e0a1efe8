package io.mqttbroker.server;

import io.mqttbroker.server.config.Settings;
import io.netty.util.ResourceLeakDetector;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar mqtt-broker.jar [--config <file>]}: starts the broker with the embedded defaults, the optional
 * configuration file ({@code --config} or {@code MQTT_CONFIG_FILE}) and environment overrides; stops gracefully on
 * SIGTERM / Ctrl-C.
 */
public final class BrokerMain {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerMain.class);

  /** Netty's own switch; when it is set, its choice stands. */
  private static final String LEAK_DETECTION = "io.netty.leakDetection.level";

  private BrokerMain() {}

  public static void main(String[] args) throws InterruptedException {
    Path configFile = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        configFile = Path.of(args[++i]);
      } else if (args[i].equals("--help") || args[i].equals("-h")) {
        System.out.println("usage: java -jar mqtt-broker.jar [--config <file>]   (every key: see docs/configuration.md)");
        return;
      } else {
        System.err.println("unknown argument: " + args[i] + " (try --help)");
        System.exit(2);
      }
    }
    String envFile = System.getenv("MQTT_CONFIG_FILE");
    if (configFile == null && envFile != null && !envFile.isBlank()) {
      configFile = Path.of(envFile);
    }
    // Netty samples one buffer in 128 with a stack trace to report leaks: 2.5% of the event loop's CPU at 5,000 msg/s
    // and a stack walk inside that message's latency. A diagnostic, not a default for the running server.
    if (System.getProperty(LEAK_DETECTION) == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
    BrokerApplication app;
    try {
      app = BrokerApplication.start(Settings.load(configFile, System.getenv()));
    } catch (IllegalArgumentException e) {
      LOG.error("configuration error: {}", e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      LOG.error("the broker could not start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
  }
}
