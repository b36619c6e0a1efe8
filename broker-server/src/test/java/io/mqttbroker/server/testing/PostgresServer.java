package io.mqttbroker.server.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server for the tests, one per test run: {@code MQTT_TEST_POSTGRES_URL} when set (a JDBC URL, with
 * {@code MQTT_TEST_POSTGRES_USER} / {@code MQTT_TEST_POSTGRES_PASSWORD}), else a throwaway cluster of Debian's
 * binaries ({@code /usr/lib/postgresql/<v>/bin}) initialised under {@code target/} and started on a free loopback
 * port. When the binaries are missing, the project's {@code scripts/install-postgres.sh} installs them (as root, with
 * apt-get) and fails with a clear message otherwise - the tests are never skipped for want of a server.
 *
 * <p>PostgreSQL refuses to run as root, so as root the cluster is owned by and run as the {@code postgres} user
 * ({@code runuser -u postgres --}). The superuser of the cluster logs in over TCP with a password, as a broker in
 * production would. Each broker gets a schema of its own ({@link #freshStore()}), so tests never see each other's
 * keys. The cluster is stopped and removed when the test run ends (and by a shutdown hook if the JVM is killed first).
 *
 * <p>Use it as a JUnit extension: {@code @ExtendWith(PostgresServer.Fixture.class)} and a {@code PostgresServer}
 * parameter on the test class constructor, a {@code @BeforeAll} or a test method.
 */
public final class PostgresServer implements ExtensionContext.Store.CloseableResource {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);

  private final String baseUrl;
  private final String user;
  private final String password;
  private final Optional<PostgresCluster> cluster;

  private PostgresServer(String baseUrl, String user, String password, Optional<PostgresCluster> cluster) {
    this.baseUrl = baseUrl;
    this.user = user;
    this.password = password;
    this.cluster = cluster;
  }

  /** Resolves {@code PostgresServer} parameters with the one server of the test run, started on first use. */
  public static final class Fixture implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == PostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(PostgresServer.class, k -> PostgresServer.start(), PostgresServer.class);
    }
  }

  static PostgresServer start() {
    String external = System.getenv("MQTT_TEST_POSTGRES_URL");
    if (external != null && !external.isBlank()) {
      LOG.info("PostgreSQL tests use the server of MQTT_TEST_POSTGRES_URL");
      return new PostgresServer(external.trim(), envOr("MQTT_TEST_POSTGRES_USER", ""),
          envOr("MQTT_TEST_POSTGRES_PASSWORD", ""), Optional.empty());
    }
    PostgresCluster cluster = PostgresCluster.create();
    return new PostgresServer(cluster.jdbcUrl(), PostgresCluster.USER, cluster.password(), Optional.of(cluster));
  }

  /**
   * Broker settings for a store of its own on this server: a new, empty schema selected through the JDBC URL, with the
   * server's user and password.
   */
  public Map<String, String> freshStore() {
    String schema = "broker_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = connect(baseUrl); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a schema on the test PostgreSQL server", e);
    }
    Map<String, String> settings = new HashMap<>();
    settings.put("mqtt.store.jdbc-url", baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    settings.put("mqtt.store.user", user);
    settings.put("mqtt.store.password", password);
    return settings;
  }

  /** Whether this fixture runs the server itself (and so can stop and start it); false for an external one. */
  public boolean isLocal() {
    return cluster.isPresent();
  }

  /** Stops the server (fast shutdown: open connections are cut), as an outage would. Local servers only. */
  public void stop() {
    local().stop();
  }

  /** Starts the server again on the same port and data after {@link #stop()}. Local servers only. */
  public void startAgain() {
    local().start();
  }

  public String jdbcUrl() {
    return baseUrl;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  @Override
  public void close() {
    cluster.ifPresent(PostgresCluster::destroy);
  }

  private PostgresCluster local() {
    return cluster.orElseThrow(() -> new IllegalStateException(
        "the PostgreSQL server of MQTT_TEST_POSTGRES_URL is not run by the tests and cannot be stopped"));
  }

  private Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null ? fallback : value;
  }
}
