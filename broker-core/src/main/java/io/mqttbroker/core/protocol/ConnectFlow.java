package io.mqttbroker.core.protocol;

import io.mqttbroker.core.protocol.MqttConnection.State;
import io.mqttbroker.core.routing.Delivery;
import io.mqttbroker.core.routing.Message;
import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.AuthenticationResult.Allow;
import io.mqttbroker.core.security.spi.AuthenticationResult.Deny;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.DenyReason;
import io.mqttbroker.core.security.spi.SessionListener;
import io.mqttbroker.core.session.Session;
import io.mqttbroker.core.session.SessionRegistry;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
    if (c.protocolVersion == Replies.V5) {
      ConnectProperties.Parsed parsed = ConnectProperties.parse(msg);
      if (parsed.error() != null) {
        refuse(Replies.Refusal.PROTOCOL_ERROR, parsed.error());
        return;
      }
      c.requested = parsed.properties();
      if (c.requested.authenticationMethod().isPresent()) {
        refuse(Replies.Refusal.BAD_AUTHENTICATION_METHOD, "authentication method '"
            + c.requested.authenticationMethod().get() + "' is not supported");
        return;
      }
    }
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
          : payload.willMessageInBytes(), header.willQos(), header.isWillRetain(), id,
          c.requested.willProperties(), Delivery.DIRECT);
    }
    long sessionExpiry = c.protocolVersion == Replies.V5 ? c.requested.sessionExpiry()
        : cleanStart ? 0 : Session.NEVER_EXPIRES;
    ConnectRequest request = new ConnectRequest(id, c.username,
        Optional.ofNullable(header.hasPassword() ? payload.passwordInBytes() : null), c.protocolVersion,
        c.remote(), ClientCertificates.commonName(c.channel));
    int keepAlive = header.keepAliveTimeSeconds();
    boolean assignedId = assigned;
    c.gate();
    long authStarted = System.nanoTime();
    c.broker.chain().authenticate(request).whenComplete((result, error) -> c.channel.eventLoop().execute(() -> {
      if (c.state != State.CONNECTING) {
        return;
      }
      AuthenticationResult r = error != null
          ? AuthenticationResult.deny(DenyReason.SERVER_UNAVAILABLE, "internal error")
          : result;
      if (r instanceof Allow allow) {
        accept(allow, cleanStart, sessionExpiry, keepAlive, assignedId);
        Optional<Revocation> late = c.broker.recentRevocations()
            .closedSince(allow.principal().revocationKeys(), authStarted);
        if (late.isPresent()) {
          // Revoked while this CONNECT was being authenticated with the old credentials.
          RevocationEnforcer.close(c, late.get());
          return;
        }
        c.resume();
      } else {
        String reason = r instanceof Deny d ? d.message() : "not authorized";
        refuse(r instanceof Deny d ? Replies.refusalFor(d.reason()) : Replies.Refusal.NOT_AUTHORIZED, reason);
      }
    }));
  }

  private void accept(Allow allow, boolean cleanStart, long sessionExpiry, int keepAlive, boolean assignedId) {
    String id = c.clientId;
    MqttConnection previous = c.broker.connections().put(id, c);
    if (previous != null && previous != c) {
      LOG.info("client={} taken over by a new connection from {}", id, c.remote());
      previous.kickForTakeover(cleanStart);
    }
    SessionRegistry registry = c.broker.sessions();
    if (cleanStart) {
      Session old = registry.get(id);
      if (old != null) {
        c.broker.discardSession(old);
      }
    }
    SessionRegistry.Resumed resumed = registry.open(id, cleanStart);
    c.broker.wills().onResumed(id);
    Session session = resumed.session();
    session.setExpiryInterval(sessionExpiry);
    c.session = session;
    c.setPrincipal(allow.principal());
    c.broker.connections().index(c, allow.principal().revocationKeys());
    c.connected();
    // Rights may have been taken away while no connection was there to re-check, and the client may come back with
    // other credentials: judge the kept subscriptions again before they deliver anything to this connection.
    CompletableFuture<Void> judged = resumed.present() ? c.subscribeFlow().recheck()
        : CompletableFuture.completedFuture(null);
    int effectiveKeepAlive = serverKeepAlive(keepAlive);
    if (effectiveKeepAlive > 0) {
      // The specification allows one and a half keep-alive periods of silence.
      long idle = effectiveKeepAlive * 1500L;
      c.channel.pipeline().addBefore(c.channel.pipeline().context(c).name(), "keepAlive",
          new IdleStateHandler(idle, 0, 0, TimeUnit.MILLISECONDS));
    }
    boolean v5 = c.protocolVersion == Replies.V5;
    ConnectProperties requested = c.requested;
    c.inboundAliases = v5 && c.broker.options().topicAliasMaximum() > 0
        ? new TopicAliases.Inbound(c.broker.options().topicAliasMaximum()) : TopicAliases.Inbound.NONE;
    c.outbound = new OutboundPublisher(c, v5, requested.maximumPacketSize(), requested.topicAliasMaximum());
    c.channel.writeAndFlush(Replies.connAck(MqttConnectReturnCode.CONNECTION_ACCEPTED, resumed.present(),
        v5 ? Replies.acceptedProperties(c.broker.options(), assignedId ? Optional.of(id) : Optional.empty(),
            effectiveKeepAlive != keepAlive ? Optional.of(effectiveKeepAlive) : Optional.empty())
            : MqttProperties.NO_PROPERTIES));
    allow.expiresAt().ifPresent(this::scheduleExpiry);
    if (judged.isDone()) {
      attach(session, requested.receiveMaximum(), resumed.present());
    } else {
      // An authorizer that asks its store: the session stays detached (what arrives is queued) until every decision.
      judged.whenComplete((v, e) -> c.channel.eventLoop().execute(() -> {
        if (c.channel.isActive()) {
          attach(session, requested.receiveMaximum(), resumed.present());
        }
      }));
    }
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

  private void attach(Session session, int receiveMaximum, boolean resumed) {
    if (resumed) {
      // Queued while offline for a subscription the re-check has just removed: the client may no longer read it.
      int dropped = session.dropUnsubscribedQueued();
      if (dropped > 0) {
        LOG.info("client={}: {} queued messages dropped, their subscriptions are no longer authorized", c.clientId,
            dropped);
      }
    }
    session.attach(c, receiveMaximum);
  }

  /** MQTT 5 server keep alive: the configured maximum caps (or replaces a 0) keep alive of the client. */
  private int serverKeepAlive(int requested) {
    int max = c.broker.options().maxKeepAlive();
    if (c.protocolVersion != Replies.V5 || max <= 0) {
      return requested;
    }
    return requested == 0 || requested > max ? max : requested;
  }

  private void scheduleExpiry(Instant expiresAt) {
    c.schedule(Duration.between(Instant.now(), expiresAt), () -> c.disconnect("credentials expired"));
  }

  private void refuse(Replies.Refusal refusal, String reason) {
    LOG.info("connection refused: client={} username={} address={} reason={}", c.clientId,
        c.username.orElse(""), c.remote(), reason);
    c.refuseAndClose(refusal, reason);
  }

  /**
   * The client's DISCONNECT: MQTT 5 may keep the will (reason 0x04) and change the session expiry interval, except
   * from 0 to more (a protocol error).
   */
  void onDisconnect(MqttMessage message) {
    boolean sendWill = false;
    if (c.protocolVersion == Replies.V5
        && message.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h) {
      sendWill = h.reasonCode() == MqttReasonCodes.Disconnect.DISCONNECT_WITH_WILL_MESSAGE.byteValue();
      Optional<Integer> expiry = PropertiesCodec.integer(h.properties(),
          MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value());
      if (expiry.isPresent()) {
        if (c.requested.sessionExpiry() == 0 && expiry.get() != 0) {
          // MQTT 5 3.14.2.2.2: a session that was to end at disconnect cannot be extended at disconnect.
          c.protocolViolation("session expiry set in DISCONNECT after 0 in CONNECT");
          return;
        }
        c.session.setExpiryInterval(Integer.toUnsignedLong(expiry.get()));
      }
    }
    if (!sendWill) {
      c.will = null;
    }
    c.channel.close();
  }

  /** The connection of an accepted client has closed: session expiry, will, listeners. */
  void onClosed() {
    Session session = c.session;
    c.broker.connections().remove(c.clientId, c);
    if (c.principal() != null) {
      c.broker.connections().unindex(c, c.principal().revocationKeys());
    }
    long sessionExpiry = 0;
    if (session != null) {
      session.detach(c);
      sessionExpiry = session.expiryInterval();
      if (!c.takenOver) {
        if (sessionExpiry == 0) {
          c.broker.discardSession(session);
        } else {
          c.broker.sessionExpiry().start(session, sessionExpiry, c.channel.eventLoop());
        }
      }
    }
    Message will = c.will;
    c.will = null;
    if (will != null && c.principal() != null) {
      long willDelay = c.requested.willDelay();
      if (c.takenOver) {
        // Taken over: the session lives on in the new connection unless that one started clean, so a delayed will
        // is not due (the client is back); an immediate one is.
        if (willDelay == 0 || c.takeoverEndedSession) {
          c.broker.wills().onClosed(c, will, c.requested.willExpiry(), 0, c.channel.eventLoop());
        }
      } else {
        c.broker.wills().onClosed(c, will, c.requested.willExpiry(), Math.min(willDelay, sessionExpiry),
            c.channel.eventLoop());
      }
    }
    for (SessionListener listener : c.broker.sessionListeners()) {
      try {
        listener.onDisconnected(c);
      } catch (RuntimeException e) {
        LOG.warn("session listener failed on disconnect of client {}", c.clientId, e);
      }
    }
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
}
