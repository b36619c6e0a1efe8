import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The image's HEALTHCHECK: exit 0 when {@code GET /health} on the admin port answers 200, else 1. Written in plain
 * Java because the JRE base image need not have curl or wget; compiled once in the build stage so a check costs one
 * short JVM start and no compilation.
 *
 * <p>The admin port and bind address come from the same places the broker reads them: the environment
 * ({@code MQTT_ADMIN_PORT}, {@code MQTT_BIND_ADDRESS}), then the mounted configuration file ({@code MQTT_CONFIG_FILE}),
 * then the defaults. With the admin API switched off ({@code -1}) the check falls back to opening a TCP connection
 * to the MQTT port.
 */
public final class HealthCheck {
  private static final int TIMEOUT_MILLIS = 3000;

  private HealthCheck() {}

  public static void main(String[] args) {
    Properties file = configFile();
    String host = host(setting("mqtt.bind-address", "MQTT_BIND_ADDRESS", file, "0.0.0.0"));
    int adminPort = Integer.parseInt(setting("mqtt.admin-port", "MQTT_ADMIN_PORT", file, "8080"));
    try {
      if (adminPort > 0) {
        int status = health(host, adminPort);
        if (status != 200) {
          System.out.println("unhealthy: /health answered " + status);
          System.exit(1);
        }
      } else {
        int mqttPort = Integer.parseInt(setting("mqtt.port", "MQTT_PORT", file, "1883"));
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(host, mqttPort), TIMEOUT_MILLIS);
        }
      }
      System.exit(0);
    } catch (IOException | RuntimeException e) {
      System.out.println("unhealthy: " + e);
      System.exit(1);
    }
  }

  private static int health(String host, int port) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL("http", host, port, "/health").openConnection();
    connection.setConnectTimeout(TIMEOUT_MILLIS);
    connection.setReadTimeout(TIMEOUT_MILLIS);
    try {
      int status = connection.getResponseCode();
      InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      if (body != null) {
        body.close();
      }
      return status;
    } finally {
      connection.disconnect();
    }
  }

  /** A wildcard bind address is reached through loopback; a specific one only through itself. */
  private static String host(String bindAddress) {
    String a = bindAddress.trim();
    if (a.isEmpty() || a.equals("0.0.0.0") || a.equals("::") || a.equals("[::]")) {
      return "127.0.0.1";
    }
    return a;
  }

  private static String setting(String key, String env, Properties file, String fallback) {
    String fromEnv = System.getenv(env);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    return file.getProperty(key, fallback).trim();
  }

  private static Properties configFile() {
    Properties props = new Properties();
    String name = System.getenv("MQTT_CONFIG_FILE");
    if (name == null || name.isBlank()) {
      return props;
    }
    try (Reader reader = Files.newBufferedReader(Path.of(name), StandardCharsets.UTF_8)) {
      props.load(reader);
    } catch (IOException e) {
      // The broker refuses to start without a readable configuration file, so there is nothing to check; the
      // defaults make the check fail on the unreachable port and report unhealthy.
    }
    return props;
  }
}
