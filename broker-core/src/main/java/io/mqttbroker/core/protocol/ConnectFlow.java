package io.mqttbroker.core.protocol;

import io.mqttbroker.core.protocol.MqttConnection.State;
import io.mqttbroker.core.routing.Message;
import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.AuthenticationResult.Allow;
import io.mqttbroker.core.security.spi.AuthenticationResult.Deny;
import io.mqttbroker.core.security.spi.AuthorizationRequest;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.SessionListener;
import io.mqttbroker.core.session.Session;
import io.mqttbroker.core.session.SessionRegistry;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** CONNECT to CONNACK: validation, the authenticator chain, takeover, session resume; and the close that ends it. */
final class ConnectFlow {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectFlow.class);
  private static final Pattern GROUP_FORMAT =
      Pattern.compile("GID[_-][0-9A-Za-z_-]{3,60}@@@[0-9A-Za-z_-]+");

  private final MqttConnection c;

  ConnectFlow(MqttConnection connection) {
    this.c = connection;
  }

  void onConnect(MqttConnectMessage msg) {
    MqttConnectVariableHeader header = msg.variableHeader();
    MqttConnectPayload payload = msg.payload();
    c.protocolVersion = header.version();
    boolean cleanStart = header.isCleanSession();
    String id = payload.clientIdentifier() == null ? "" : payload.clientIdentifier();
    c.username = Optional.ofNullable(header.hasUserName() ? payload.userName() : null);
    c.clientId = id;
    boolean assigned = false;
    if (id.isEmpty()) {
      if (!cleanStart) {
        refuse(Replies.Refusal.CLIENT_ID, "an empty client id needs clean session / clean start");
        return;
      }
      id = "auto-" + UUID.randomUUID();
      c.clientId = id;
      assigned = true;
    }
    Optional<String> invalid = validateClientId(id);
    if (invalid.isPresent()) {
      refuse(Replies.Refusal.CLIENT_ID, invalid.get());
      return;
    }
    if (c.broker.connections().size() >= c.broker.options().maxConnections()
        && c.broker.connections().get(id).isEmpty()) {
      refuse(Replies.Refusal.BUSY, "maximum number of connections reached");
      return;
    }
    if (header.isWillFlag()) {
      Optional<String> badWill = TopicRules.validateTopicName(c.broker.options(), payload.willTopic());
      if (badWill.isPresent()) {
        refuse(Replies.Refusal.MALFORMED, "will topic: " + badWill.get());
        return;
      }
      c.will = new Message(payload.willTopic(), payload.willMessageInBytes() == null ? new byte[0]
          : payload.willMessageInBytes(), header.willQos(), header.isWillRetain(), id);
    }
    long sessionExpiry = c.protocolVersion == Replies.V5 ? intProperty(header.properties(), 0x11) : 0;
    boolean persistent = c.protocolVersion == Replies.V5 ? sessionExpiry > 0 : !cleanStart;
    ConnectRequest request = new ConnectRequest(id, c.username,
        Optional.ofNullable(header.hasPassword() ? payload.passwordInBytes() : null), c.protocolVersion,
        c.remote(), Optional.empty());
    int keepAlive = header.keepAliveTimeSeconds();
    boolean assignedId = assigned;
    c.gate();
    c.broker.chain().authenticate(request).whenComplete((result, error) -> c.channel.eventLoop().execute(() -> {
      if (c.state != State.CONNECTING) {
        return;
      }
      AuthenticationResult r = error != null
          ? AuthenticationResult.deny(io.mqttbroker.core.security.spi.DenyReason.SERVER_UNAVAILABLE, "internal error")
          : result;
      if (r instanceof Allow allow) {
        accept(allow, cleanStart, persistent, keepAlive, assignedId);
        c.resume();
      } else {
        String reason = r instanceof Deny d ? d.message() : "not authorized";
        refuse(r instanceof Deny d ? Replies.refusalFor(d.reason()) : Replies.Refusal.NOT_AUTHORIZED, reason);
      }
    }));
  }

  private void accept(Allow allow, boolean cleanStart, boolean persistent, int keepAlive, boolean assignedId) {
    String id = c.clientId;
    MqttConnection previous = c.broker.connections().put(id, c);
    if (previous != null && previous != c) {
      LOG.info("client={} taken over by a new connection from {}", id, c.remote());
      previous.kickForTakeover();
    }
    SessionRegistry registry = c.broker.sessions();
    if (cleanStart) {
      Session old = registry.get(id);
      if (old != null) {
        c.broker.discardSession(old);
      }
    }
    SessionRegistry.Resumed resumed = registry.open(id, cleanStart);
    Session session = resumed.session();
    session.setPersistent(persistent);
    c.session = session;
    c.setPrincipal(allow.principal());
    c.broker.connections().index(c, allow.principal().revocationKeys());
    c.connected();
    if (keepAlive > 0) {
      long idle = keepAlive * 1500L;
      c.channel.pipeline().addBefore(c.channel.pipeline().context(c).name(), "keepAlive",
          new IdleStateHandler(idle, 0, 0, TimeUnit.MILLISECONDS));
    }
    MqttProperties props = new MqttProperties();
    if (c.protocolVersion == Replies.V5) {
      if (assignedId) {
        props.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value(), id));
      }
      props.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(),
          Math.min(65535, c.broker.options().maxInflight())));
      props.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE.value(),
          c.broker.options().maxPacketSize()));
      props.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.TOPIC_ALIAS_MAXIMUM.value(), 0));
    }
    c.channel.writeAndFlush(Replies.connAck(MqttConnectReturnCode.CONNECTION_ACCEPTED, resumed.present(), props));
    allow.expiresAt().ifPresent(this::scheduleExpiry);
    session.attach(c);
    LOG.debug("client={} connected from {} as {}:{}", id, c.remote(), allow.principal().mode(),
        allow.principal().name());
    for (SessionListener listener : c.broker.sessionListeners()) {
      try {
        listener.onConnected(c);
      } catch (RuntimeException e) {
        LOG.warn("session listener failed on connect of client {}", id, e);
      }
    }
  }

  private void scheduleExpiry(Instant expiresAt) {
    c.schedule(java.time.Duration.between(Instant.now(), expiresAt),
        () -> c.disconnect("credentials expired"));
  }

  private void refuse(Replies.Refusal refusal, String reason) {
    LOG.info("connection refused: client={} username={} address={} reason={}", c.clientId,
        c.username.orElse(""), c.remote(), reason);
    c.refuseAndClose(refusal, reason);
  }

  /** The connection of an accepted client has closed: will, session, listeners. */
  void onClosed() {
    Session session = c.session;
    c.broker.connections().remove(c.clientId, c);
    if (c.principal() != null) {
      c.broker.connections().unindex(c, c.principal().revocationKeys());
    }
    if (session != null) {
      session.detach(c);
      if (!session.isPersistent() && !c.takenOver) {
        c.broker.discardSession(session);
      }
    }
    Message will = c.will;
    c.will = null;
    if (will != null && c.principal() != null) {
      publishWill(will);
    }
    for (SessionListener listener : c.broker.sessionListeners()) {
      try {
        listener.onDisconnected(c);
      } catch (RuntimeException e) {
        LOG.warn("session listener failed on disconnect of client {}", c.clientId, e);
      }
    }
  }

  private void publishWill(Message will) {
    if (will.topic().startsWith("$")) {
      return;
    }
    c.broker.chain().authorize(new AuthorizationRequest(c, Action.PUBLISH, will.topic(), will.qos()))
        .thenAccept(r -> {
          if (r == AuthorizationResult.ALLOW) {
            c.broker.router().publish(will);
          } else {
            LOG.info("will of client={} not published: not authorized for topic {}", c.clientId, will.topic());
          }
        });
  }

  private Optional<String> validateClientId(String id) {
    if (id.length() > c.broker.options().maxClientIdLength()) {
      return Optional.of("client id longer than " + c.broker.options().maxClientIdLength() + " characters");
    }
    if (c.broker.options().requireGroupFormat() && !(id.length() <= 64 && GROUP_FORMAT.matcher(id).matches())) {
      return Optional.of("client id must be GroupId@@@DeviceId");
    }
    return Optional.empty();
  }

  private static long intProperty(MqttProperties props, int id) {
    if (props == null) {
      return 0;
    }
    MqttProperties.MqttProperty<?> p = props.getProperty(id);
    return p != null && p.value() instanceof Integer i ? Integer.toUnsignedLong(i) : 0;
  }
}
