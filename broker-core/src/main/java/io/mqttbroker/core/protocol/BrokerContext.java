package io.mqttbroker.core.protocol;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.core.routing.Message;
import io.mqttbroker.core.routing.Router;
import io.mqttbroker.core.security.chain.SecurityChain;
import io.mqttbroker.core.security.spi.SessionListener;
import io.mqttbroker.core.security.spi.SystemTopicHandler;
import io.mqttbroker.core.session.Session;
import io.mqttbroker.core.session.SessionExpiry;
import io.mqttbroker.core.session.SessionRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The broker-wide state every connection handler shares: options, the security chain, sessions, live connections,
 * the router and counters. Built once by {@code MqttBroker}.
 */
public final class BrokerContext {
  private final BrokerOptions options;
  private final SecurityChain chain;
  private final List<SessionListener> sessionListeners;
  private final List<SystemTopicHandler> systemTopicHandlers;
  private final SessionRegistry sessions;
  private final Router router;
  private final LiveConnections connections = new LiveConnections();
  private final RecentRevocations recentRevocations = new RecentRevocations();
  private final AtomicInteger openChannels = new AtomicInteger();
  private final AtomicLong messagesIn = new AtomicLong();
  private final AtomicLong messagesOut = new AtomicLong();
  private final AtomicLong messagesDropped = new AtomicLong();
  private final AtomicLong bytesIn = new AtomicLong();
  private final AtomicLong bytesOut = new AtomicLong();
  private final long startedAtMillis = System.currentTimeMillis();
  private final SessionExpiry sessionExpiry;
  private final Wills wills;

  public BrokerContext(BrokerOptions options, SecurityChain chain, List<SessionListener> sessionListeners,
      List<SystemTopicHandler> systemTopicHandlers) {
    this.options = options;
    this.chain = chain;
    this.sessionListeners = List.copyOf(sessionListeners);
    this.systemTopicHandlers = List.copyOf(systemTopicHandlers);
    this.sessions = new SessionRegistry(options.maxInflight(), options.maxQueuedMessages());
    this.router = new Router(sessions::get);
    this.sessionExpiry = new SessionExpiry(sessions, this::sessionEnded);
    this.wills = new Wills(this);
  }

  public BrokerOptions options() {
    return options;
  }

  public SecurityChain chain() {
    return chain;
  }

  public List<SessionListener> sessionListeners() {
    return sessionListeners;
  }

  public Optional<SystemTopicHandler> systemTopicHandler(String topic) {
    for (SystemTopicHandler h : systemTopicHandlers) {
      if (h.handles(topic)) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }

  public SessionRegistry sessions() {
    return sessions;
  }

  public Router router() {
    return router;
  }

  RecentRevocations recentRevocations() {
    return recentRevocations;
  }

  public LiveConnections connections() {
    return connections;
  }

  public AtomicInteger openChannels() {
    return openChannels;
  }

  public AtomicLong messagesIn() {
    return messagesIn;
  }

  public AtomicLong messagesOut() {
    return messagesOut;
  }

  /** QoS 0 messages not sent because their client did not read fast enough ({@code mqtt.max-outbound-bytes}). */
  public AtomicLong messagesDropped() {
    return messagesDropped;
  }

  /** Bytes read from clients on every transport (TLS and WebSocket framing included). */
  public AtomicLong bytesIn() {
    return bytesIn;
  }

  /** Bytes written to clients on every transport. */
  public AtomicLong bytesOut() {
    return bytesOut;
  }

  public long startedAtMillis() {
    return startedAtMillis;
  }

  SessionExpiry sessionExpiry() {
    return sessionExpiry;
  }

  /** Wills waiting for their delay (package-visible for tests through {@link #pendingWills()}). */
  Wills wills() {
    return wills;
  }

  /** How many wills wait for their will delay interval. */
  public int pendingWills() {
    return wills.pendingCount();
  }

  /** Drops a session: its subscriptions leave routing, its shared messages go to other members, a pending will out. */
  public void discardSession(Session session) {
    if (sessions.remove(session)) {
      sessionEnded(session);
    }
  }

  private void sessionEnded(Session session) {
    session.subscriptionList().forEach(s -> router.unsubscribe(s.clientId(), s.filter()));
    for (Message m : session.takeShared(null, true)) {
      router.redeliverShared(m, session.clientId());
    }
    wills.onSessionEnded(session.clientId());
  }

  /** The connected clients by client id, and by revocation key. */
  public static final class LiveConnections {
    private final Map<String, MqttConnection> byClientId = new ConcurrentHashMap<>();
    /** A key's one connection, or a set of them once a second shares the key (a username's key, usually). */
    private final Map<String, Object> byRevocationKey = new ConcurrentHashMap<>();

    public Optional<MqttConnection> get(String clientId) {
      return Optional.ofNullable(byClientId.get(clientId));
    }

    /** Registers {@code connection} for its client id; returns the connection it replaces, if any. */
    MqttConnection put(String clientId, MqttConnection connection) {
      return byClientId.put(clientId, connection);
    }

    void remove(String clientId, MqttConnection connection) {
      byClientId.remove(clientId, connection);
    }

    void index(MqttConnection connection, Iterable<String> keys) {
      for (String key : keys) {
        byRevocationKey.compute(key, (k, v) -> {
          if (v == null || v == connection) {
            return connection;
          }
          Map<MqttConnection, Boolean> set;
          if (v instanceof MqttConnection one) {
            set = new ConcurrentHashMap<>();
            set.put(one, Boolean.TRUE);
          } else {
            @SuppressWarnings("unchecked")
            Map<MqttConnection, Boolean> existing = (Map<MqttConnection, Boolean>) v;
            set = existing;
          }
          set.put(connection, Boolean.TRUE);
          return set;
        });
      }
    }

    void unindex(MqttConnection connection, Iterable<String> keys) {
      for (String key : keys) {
        byRevocationKey.computeIfPresent(key, (k, v) -> {
          if (v == connection) {
            return null;
          }
          if (v instanceof MqttConnection) {
            return v;
          }
          @SuppressWarnings("unchecked")
          Map<MqttConnection, Boolean> set = (Map<MqttConnection, Boolean>) v;
          set.remove(connection);
          return set.isEmpty() ? null : set;
        });
      }
    }

    /** The connections whose principal carries {@code key}. */
    public List<MqttConnection> withRevocationKey(String key) {
      Object v = byRevocationKey.get(key);
      if (v == null) {
        return List.of();
      }
      if (v instanceof MqttConnection one) {
        return List.of(one);
      }
      @SuppressWarnings("unchecked")
      Map<MqttConnection, Boolean> set = (Map<MqttConnection, Boolean>) v;
      return List.copyOf(set.keySet());
    }

    public int size() {
      return byClientId.size();
    }

    public java.util.Collection<MqttConnection> all() {
      return byClientId.values();
    }
  }
}
