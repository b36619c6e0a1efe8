package io.mqttbroker.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mqttbroker.admin.accesskeys.AccessKeyRoutes;
import io.mqttbroker.admin.clients.ClientRoutes;
import io.mqttbroker.admin.http.Route;
import io.mqttbroker.admin.http.RouteGroup;
import io.mqttbroker.admin.openapi.OpenApiDocument;
import io.mqttbroker.admin.operations.OperationsRoutes;
import io.mqttbroker.admin.server.AdminServer;
import io.mqttbroker.admin.server.AdminServerSettings;
import io.mqttbroker.auth.signature.AccessKey;
import io.mqttbroker.auth.signature.AccessKeyService;
import io.mqttbroker.core.MqttBroker;
import io.mqttbroker.core.security.builtin.AnonymousAccess;
import io.mqttbroker.core.security.chain.SecurityChain;
import io.mqttbroker.core.security.revocation.InMemoryRevocationBus;
import io.mqttbroker.core.security.revocation.RevocationBus;
import io.mqttbroker.core.security.spi.Authenticator;
import io.mqttbroker.core.security.spi.Authorizer;
import io.mqttbroker.server.config.Settings;
import io.mqttbroker.server.wiring.AuthModes;
import io.mqttbroker.server.wiring.ModeBundle;
import io.mqttbroker.server.wiring.ModeContext;
import io.mqttbroker.server.wiring.SignatureWiring;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.SecretCipher;
import io.mqttbroker.store.StoreSettings;
import io.mqttbroker.store.relay.RelayedRevocationBus;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole broker, wired by constructors from one {@link Settings}: credential store, access keys, the enabled
 * authentication modes in order, the MQTT broker and the admin API. {@link #close()} stops it in reverse order.
 */
public final class BrokerApplication implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerApplication.class);

  private final Settings settings;
  private final Runtime runtime;
  private final Database database;
  /** Present when the store is PostgreSQL: revocations reach the other nodes sharing it. */
  private final RelayedRevocationBus relay;
  private final AccessKeyService accessKeys;
  private final AccessKey owner;
  private final MqttBroker broker;
  private final AdminServer admin;
  private final List<Route> adminRoutes = new ArrayList<>();
  private final int mqttPort;
  private final int adminPort;

  private BrokerApplication(Settings settings) throws InterruptedException {
    this.settings = settings;
    this.runtime = new Runtime(settings);
    Path dataDir = Path.of(settings.get("mqtt.data-dir"));
    StoreSettings store = new StoreSettings(dataDir, settings.get("mqtt.store.jdbc-url"),
        settings.get("mqtt.store.user"), settings.get("mqtt.store.password"), settings.getInt("mqtt.store.pool-size"),
        settings.getDuration("mqtt.store.timeout"));
    this.database = Database.open(store);
    RelayedRevocationBus startedRelay = null;
    try {
      String key = settings.get("mqtt.store.encryption-key");
      SecretCipher secrets = key.isEmpty() ? SecretCipher.fromKeyFile(dataDir.resolve("store.key"))
          : SecretCipher.fromBase64Key(key);
      startedRelay = RelayedRevocationBus.supports(store) ? relay(store) : null;
      this.relay = startedRelay;
      RevocationBus revocations = startedRelay != null ? startedRelay : new InMemoryRevocationBus();
      Clock clock = Clock.systemUTC();
      this.accessKeys = SignatureWiring.accessKeys(database, secrets, revocations, clock);
      this.owner = SignatureWiring.bootstrapOwner(accessKeys, settings);
      ModeContext context = new ModeContext(settings, database, secrets, revocations, accessKeys, clock,
          runtime.scheduler(), runtime.blockingExecutor());
      List<ModeBundle> modes = AuthModes.build(context);

      this.broker = new MqttBroker(BrokerOptionsFromSettings.read(settings), chain(modes),
          modes.stream().flatMap(m -> m.sessionListeners().stream()).toList(),
          modes.stream().flatMap(m -> m.systemTopicHandlers().stream()).toList(), revocations);
      broker.start(BrokerOptionsFromSettings.listeners(settings));
      this.mqttPort = broker.port();

      int configuredAdminPort = settings.getInt("mqtt.admin-port");
      if (configuredAdminPort >= 0) {
        this.admin = adminServer(modes);
        this.adminPort = admin.start(settings.get("mqtt.bind-address"), configuredAdminPort);
      } else {
        this.admin = null;
        this.adminPort = -1;
      }
      LOG.info("broker {} ready: instance {}, modes {}, MQTT port {}, admin port {}", version(),
          settings.get("mqtt.instance-id"), modes.stream().map(ModeBundle::name).toList(), mqttPort,
          adminPort < 0 ? "off" : adminPort);
    } catch (RuntimeException | InterruptedException e) {
      runtime.close();
      if (startedRelay != null) {
        startedRelay.close();
      }
      database.close();
      throw e;
    }
  }

  /**
   * Nodes sharing a PostgreSQL store hear each other's revocations. Waits a little for the relay to listen, so that a
   * node does not take clients while it is deaf to revocations made on the others; starts anyway (and keeps trying)
   * when it cannot.
   */
  private RelayedRevocationBus relay(StoreSettings store) throws InterruptedException {
    RelayedRevocationBus bus = RelayedRevocationBus.start(new InMemoryRevocationBus(), database, store);
    if (!bus.awaitListening(store.connectTimeout())) {
      LOG.warn("revocation relay not listening yet: revocations made on other nodes do not reach this one until it "
          + "is");
    }
    return bus;
  }

  /** Starts everything; throws (after cleaning up) when any part cannot start. */
  public static BrokerApplication start(Settings settings) throws InterruptedException {
    return new BrokerApplication(settings);
  }

  private SecurityChain chain(List<ModeBundle> modes) {
    List<Authenticator> authenticators = new ArrayList<>();
    List<Authorizer> authorizers = new ArrayList<>();
    for (ModeBundle mode : modes) {
      authenticators.addAll(mode.gates());
    }
    for (ModeBundle mode : modes) {
      authenticators.add(mode.authenticator());
      authorizers.addAll(mode.authorizers());
    }
    if (settings.getBoolean("mqtt.allow-anonymous")) {
      AnonymousAccess anonymous = new AnonymousAccess();
      authenticators.add(anonymous);
      authorizers.add(anonymous);
      LOG.warn("anonymous access is ON: clients that no authentication mode recognises may connect and use any topic");
    }
    return new SecurityChain(authenticators, authorizers, settings.getDuration("auth.timeout"),
        runtime.authExecutor());
  }

  private AdminServer adminServer(List<ModeBundle> modes) {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    BrokerMetrics.bind(prometheus, broker);
    Map<String, BooleanSupplier> health = new LinkedHashMap<>();
    health.put("store", database::isUp);
    health.put("mqtt", () -> true);
    List<RouteGroup> groups = new ArrayList<>();
    groups.add(new OperationsRoutes(health, prometheus, OpenApiDocument.shipped()));
    groups.add(new AccessKeyRoutes(accessKeys, settings.get("mqtt.instance-id")));
    groups.add(new ClientRoutes(new BrokerClientDirectory(broker)));
    modes.forEach(m -> groups.addAll(m.routes()));
    groups.forEach(g -> adminRoutes.addAll(g.routes()));
    AdminServerSettings adminSettings = AdminServerSettings.defaults()
        .withMaxBodyBytes(settings.getInt("mqtt.admin-max-body-bytes"));
    return new AdminServer(adminSettings, groups, AccessKeyRoutes.callerVerifier(accessKeys), prometheus);
  }

  static String version() {
    String v = BrokerApplication.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  public int mqttPort() {
    return mqttPort;
  }

  /** The admin HTTP port, or -1 when the admin API is off. */
  public int adminPort() {
    return adminPort;
  }

  /** The owner access key (its secret is needed by tests and by the first admin call). */
  public AccessKey owner() {
    return owner;
  }

  /** Every route the admin API serves (for the contract check against the OpenAPI document). */
  public List<Route> adminRoutes() {
    return List.copyOf(adminRoutes);
  }

  public MqttBroker broker() {
    return broker;
  }

  public Settings settings() {
    return settings;
  }

  /** Stops the admin API, the revocation relay (if any), the MQTT side, the executors and the store, in that order. */
  @Override
  public void close() {
    LOG.info("stopping broker");
    if (admin != null) {
      admin.stop();
    }
    if (relay != null) {
      // Before the broker stops: a revocation heard now would find its event loops shut down.
      relay.close();
    }
    broker.stop();
    runtime.close();
    database.close();
    LOG.info("broker stopped");
  }
}
