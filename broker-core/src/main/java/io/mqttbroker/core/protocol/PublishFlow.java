package io.mqttbroker.core.protocol;

import io.mqttbroker.core.BrokerOptions.OnDeny;
import io.mqttbroker.core.routing.Message;
import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.AuthorizationRequest;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.security.spi.SystemTopicHandler;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Inbound PUBLISH: validation, authorization (or a module's {@code $SYS} handler), routing and acknowledgement. */
final class PublishFlow {
  private static final Logger LOG = LoggerFactory.getLogger(PublishFlow.class);
  private static final int NOT_AUTHORIZED = 0x87;
  private static final int NO_MATCHING_SUBSCRIBERS = 0x10;

  private final MqttConnection c;

  PublishFlow(MqttConnection connection) {
    this.c = connection;
  }

  void onPublish(MqttPublishMessage msg) {
    String topic = msg.variableHeader().topicName();
    int qos = msg.fixedHeader().qosLevel().value();
    int packetId = msg.variableHeader().packetId();
    boolean retain = msg.fixedHeader().isRetain();
    byte[] payload;
    try {
      payload = ByteBufUtil.getBytes(msg.payload());
    } finally {
      msg.release();
    }
    c.broker.messagesIn().incrementAndGet();
    if (topic == null || topic.isEmpty()) {
      // Topic aliases are not offered (topic alias maximum 0), so an empty topic is always an error.
      c.protocolViolation("PUBLISH without a topic name");
      return;
    }
    Optional<String> invalid = TopicRules.validateTopicName(c.broker.options(), topic);
    if (invalid.isPresent()) {
      LOG.info("closing client={} address={}: invalid topic name: {}", c.clientId, c.remote(), invalid.get());
      c.closeWith(0x90, "topic name invalid: " + invalid.get());
      return;
    }
    if (qos == 2 && !c.session.beginInboundQos2(packetId)) {
      // A retransmitted QoS 2 PUBLISH that was already routed: acknowledge again, do not route twice.
      c.channel.writeAndFlush(Replies.pubReply(MqttMessageType.PUBREC, packetId, 0, c.protocolVersion));
      return;
    }
    Message message = new Message(topic, payload, qos, retain, c.clientId);
    if (topic.startsWith("$SYS")) {
      Optional<SystemTopicHandler> handler = c.broker.systemTopicHandler(topic);
      if (handler.isPresent()) {
        handleSystemPublish(handler.get(), message, packetId);
      } else {
        denied(message, packetId);
      }
      return;
    }
    CompletableFuture<AuthorizationResult> decision =
        c.broker.chain().authorize(new AuthorizationRequest(c, Action.PUBLISH, topic, qos));
    if (decision.isDone()) {
      decide(decision.join(), message, packetId);
      return;
    }
    c.gate();
    decision.whenComplete((r, e) -> c.channel.eventLoop().execute(() -> {
      if (c.isConnected()) {
        decide(e == null ? r : AuthorizationResult.DENY, message, packetId);
        c.resume();
      }
    }));
  }

  private void handleSystemPublish(SystemTopicHandler handler, Message message, int packetId) {
    c.gate();
    CompletableFuture<Void> done;
    try {
      done = handler.onPublish(c, message.topic(), message.payload()).toCompletableFuture();
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    done.whenComplete((v, e) -> c.channel.eventLoop().execute(() -> {
      if (!c.isConnected()) {
        return;
      }
      if (e != null) {
        LOG.info("closing client={} address={}: {} refused", c.clientId, c.remote(), message.topic());
        c.closeWith(NOT_AUTHORIZED, message.topic() + " refused");
        return;
      }
      acknowledge(message.qos(), packetId, 0);
      c.resume();
    }));
  }

  private void decide(AuthorizationResult result, Message message, int packetId) {
    if (result != AuthorizationResult.ALLOW) {
      denied(message, packetId);
      return;
    }
    int delivered = c.broker.router().publish(message);
    acknowledge(message.qos(), packetId, delivered == 0 && c.protocolVersion == Replies.V5 ? NO_MATCHING_SUBSCRIBERS : 0);
  }

  private void denied(Message message, int packetId) {
    LOG.info("resource auth failed: client={} username={} action=PUBLISH topic={}", c.clientId,
        c.username.orElse(""), message.topic());
    if (c.broker.options().onDeny() == OnDeny.DISCONNECT) {
      c.closeWith(NOT_AUTHORIZED, "not authorized to publish to " + message.topic());
      return;
    }
    if (message.qos() == 2 && c.protocolVersion == Replies.V5) {
      // A failure reason code ends the QoS 2 flow at PUBREC, so the id is free again.
      c.session.releaseInboundQos2(packetId);
    }
    acknowledge(message.qos(), packetId, c.protocolVersion == Replies.V5 ? NOT_AUTHORIZED : 0);
  }

  private void acknowledge(int qos, int packetId, int reasonCode) {
    if (qos == 1) {
      c.channel.writeAndFlush(Replies.pubReply(MqttMessageType.PUBACK, packetId, reasonCode, c.protocolVersion));
    } else if (qos == 2) {
      c.channel.writeAndFlush(Replies.pubReply(MqttMessageType.PUBREC, packetId, reasonCode, c.protocolVersion));
    }
  }

  void onPubrel(int packetId) {
    c.session.releaseInboundQos2(packetId);
    c.channel.writeAndFlush(Replies.pubReply(MqttMessageType.PUBCOMP, packetId, 0, c.protocolVersion));
  }
}
