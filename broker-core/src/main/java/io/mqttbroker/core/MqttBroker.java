package io.mqttbroker.core;

import io.mqttbroker.core.protocol.BrokerContext;
import io.mqttbroker.core.protocol.MqttConnection;
import io.mqttbroker.core.protocol.RevocationEnforcer;
import io.mqttbroker.core.security.chain.SecurityChain;
import io.mqttbroker.core.security.revocation.RevocationBus;
import io.mqttbroker.core.security.spi.SessionListener;
import io.mqttbroker.core.security.spi.SystemTopicHandler;
import io.mqttbroker.core.transport.MqttListener;
import io.mqttbroker.core.transport.EventLoops;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT broker: event loops, listeners, sessions and routing around one security chain. Start it, read its port,
 * stop it. Thread-safe.
 */
public final class MqttBroker {
  private static final Logger LOG = LoggerFactory.getLogger(MqttBroker.class);

  private final BrokerContext context;
  private final EventLoops loops;
  private MqttListener tcp;

  public MqttBroker(BrokerOptions options, SecurityChain chain, List<SessionListener> sessionListeners,
      List<SystemTopicHandler> systemTopicHandlers, RevocationBus revocations) {
    this.context = new BrokerContext(options, chain, sessionListeners, systemTopicHandlers);
    this.loops = new EventLoops();
    revocations.subscribe(new RevocationEnforcer(context));
  }

  /** Starts the TCP listener on {@code host:port} (port 0 = a free port) and returns the bound port. */
  public synchronized int start(String host, int port) throws InterruptedException {
    tcp = MqttListener.bind(context, loops.boss(), loops.workers(), host, port);
    LOG.info("MQTT listening on {}:{} ({} transport)", host, tcp.port(), loops.transportName());
    return tcp.port();
  }

  public int port() {
    return tcp.port();
  }

  /** Closes listeners and connections and stops the event loops. */
  public synchronized void stop() {
    if (tcp != null) {
      tcp.close();
    }
    loops.shutdown();
  }

  /** The live connection of a client id, for the admin API. */
  public Optional<MqttConnection> connection(String clientId) {
    return context.connections().get(clientId);
  }

  /** Number of connected (accepted) clients. */
  public int connectedClients() {
    return context.connections().size();
  }

  public BrokerContext context() {
    return context;
  }
}
