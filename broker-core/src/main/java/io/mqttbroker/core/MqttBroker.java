package io.mqttbroker.core;

import io.mqttbroker.core.ListenerOptions.Transport;
import io.mqttbroker.core.protocol.BrokerContext;
import io.mqttbroker.core.protocol.MqttConnection;
import io.mqttbroker.core.protocol.RevocationEnforcer;
import io.mqttbroker.core.security.chain.SecurityChain;
import io.mqttbroker.core.security.revocation.RevocationBus;
import io.mqttbroker.core.security.spi.SessionListener;
import io.mqttbroker.core.security.spi.SystemTopicHandler;
import io.mqttbroker.core.stats.SysTopics;
import io.mqttbroker.core.transport.EventLoops;
import io.mqttbroker.core.transport.MqttListener;
import io.netty.util.NettyRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT broker: event loops, listeners (TCP, TLS, WebSocket, secure WebSocket), sessions and routing around one
 * security chain. Start it, read its ports, stop it. Thread-safe.
 */
public final class MqttBroker {
  private static final Logger LOG = LoggerFactory.getLogger(MqttBroker.class);

  private final BrokerContext context;
  private final EventLoops loops;
  private final SysTopics sysTopics;
  private final List<MqttListener> listeners = new ArrayList<>();
  private ScheduledFuture<?> sysTimer;

  public MqttBroker(BrokerOptions options, SecurityChain chain, List<SessionListener> sessionListeners,
      List<SystemTopicHandler> systemTopicHandlers, RevocationBus revocations) {
    this.context = new BrokerContext(options, chain, sessionListeners, systemTopicHandlers);
    this.loops = new EventLoops(options.eventLoopsToStart(NettyRuntime.availableProcessors()));
    this.sysTopics = new SysTopics(context, version());
    revocations.subscribe(new RevocationEnforcer(context));
  }

  /** Starts a TCP listener on {@code host:port} (port 0 = a free port) and returns the bound port. */
  public synchronized int start(String host, int port) throws InterruptedException {
    start(List.of(ListenerOptions.tcp(host, port)));
    return port(Transport.TCP);
  }

  /**
   * Starts every listener (at most one per transport) and the {@code $SYS} statistics. When one cannot start (port in
   * use, unreadable certificate) those already started are closed and the error is thrown.
   */
  public synchronized void start(List<ListenerOptions> options) throws InterruptedException {
    try {
      for (ListenerOptions o : options) {
        MqttListener listener = MqttListener.bind(context, loops.boss(), loops.workers(), o);
        listeners.add(listener);
        LOG.info("MQTT {} listening on {}:{}{} ({} transport, {} event loops)", o.transport(), o.host(),
            listener.port(), o.transport().websocket() ? ListenerOptions.WEBSOCKET_PATH : "", loops.transportName(),
            loops.workerCount());
      }
    } catch (RuntimeException | InterruptedException e) {
      listeners.forEach(MqttListener::close);
      listeners.clear();
      throw e;
    }
    long interval = context.options().sysInterval().toMillis();
    if (interval > 0 && sysTimer == null) {
      sysTimer = loops.workers().next().scheduleAtFixedRate(sysTopics::publish, 0, interval, TimeUnit.MILLISECONDS);
    }
  }

  /** The bound port of the first TCP listener. */
  public int port() {
    return port(Transport.TCP);
  }

  /** The bound port of the listener of {@code transport}; fails when that transport is not listening. */
  public synchronized int port(Transport transport) {
    return listeners.stream().filter(l -> l.options().transport() == transport).findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + transport + " listener")).port();
  }

  /** Closes listeners, tells MQTT 5 clients the server is shutting down, closes connections, stops the loops. */
  public synchronized void stop() {
    if (sysTimer != null) {
      sysTimer.cancel(false);
    }
    listeners.forEach(MqttListener::close);
    listeners.clear();
    List<io.netty.util.concurrent.Future<?>> closing = new ArrayList<>();
    context.connections().all().forEach(c -> closing.add(c.closeForShutdown()));
    // A loop that shuts down closes its channels before it runs the tasks still queued: let the DISCONNECTs be
    // written first (bounded, a stuck loop must not hold the shutdown up).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    for (io.netty.util.concurrent.Future<?> f : closing) {
      f.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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

  public SysTopics sysTopics() {
    return sysTopics;
  }

  private static String version() {
    String v = MqttBroker.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
