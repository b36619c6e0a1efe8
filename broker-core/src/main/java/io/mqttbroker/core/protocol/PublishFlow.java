package io.mqttbroker.core.protocol;

import io.mqttbroker.core.BrokerOptions.OnDeny;
import io.mqttbroker.core.routing.Delivery;
import io.mqttbroker.core.routing.Message;
import io.mqttbroker.core.routing.MessageProperties;
import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.AuthorizationRequest;
import io.mqttbroker.core.security.spi.AuthorizationResult;
import io.mqttbroker.core.security.spi.SystemTopicHandler;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbound PUBLISH: topic alias, receive maximum, validation, authorization (or a module's {@code $SYS} handler),
 * routing and acknowledgement.
 */
final class PublishFlow {
  private static final Logger LOG = LoggerFactory.getLogger(PublishFlow.class);
  private static final int NOT_AUTHORIZED = 0x87;
  private static final int NO_MATCHING_SUBSCRIBERS = 0x10;
  private static final int RECEIVE_MAXIMUM_EXCEEDED = 0x93;
  private static final int PAYLOAD_FORMAT_INVALID = 0x99;

  private final MqttConnection c;
  /** QoS 1 PUBLISH received and not yet acknowledged (waiting for authorization). */
  private int unacknowledgedQos1;

  PublishFlow(MqttConnection connection) {
    this.c = connection;
  }

  void onPublish(MqttPublishMessage msg) {
    int qos = msg.fixedHeader().qosLevel().value();
    int packetId = msg.variableHeader().packetId();
    boolean retain = msg.fixedHeader().isRetain();
    var props = msg.variableHeader().properties();
    String rawTopic = msg.variableHeader().topicName() == null ? "" : msg.variableHeader().topicName();
    byte[] payload;
    try {
      payload = ByteBufUtil.getBytes(msg.payload());
    } finally {
      msg.release();
    }
    c.broker.messagesIn().incrementAndGet();
    TopicAliases.Resolution resolved = c.inboundAliases.resolve(rawTopic,
        PropertiesCodec.integer(props, MqttPropertyType.TOPIC_ALIAS.value()));
    if (resolved.failed()) {
      LOG.info("closing client={} address={}: {}", c.clientId, c.remote(), resolved.error());
      c.closeWith(resolved.errorCode(), resolved.error());
      return;
    }
    String topic = resolved.topic();
    Optional<String> invalid = TopicRules.validateTopicName(c.broker.options(), topic);
    if (invalid.isPresent()) {
      LOG.info("closing client={} address={}: invalid topic name: {}", c.clientId, c.remote(), invalid.get());
      c.closeWith(0x90, "topic name invalid: " + invalid.get());
      return;
    }
    if (qos > 0 && v5() && overReceiveMaximum()) {
      LOG.info("closing client={} address={}: more than {} unacknowledged QoS 1/2 messages", c.clientId, c.remote(),
          c.broker.options().maxInflight());
      c.closeWith(RECEIVE_MAXIMUM_EXCEEDED, "receive maximum exceeded");
      return;
    }
    if (qos == 2 && !c.session.beginInboundQos2(packetId)) {
      // A retransmitted QoS 2 PUBLISH that was already routed: acknowledge again, do not route twice.
      c.channel.writeAndFlush(Replies.pubReply(MqttMessageType.PUBREC, packetId, 0, c.protocolVersion));
      return;
    }
    if (qos == 1) {
      unacknowledgedQos1++;
    }
    MessageProperties properties = v5() ? PropertiesCodec.toMessage(props, System.currentTimeMillis())
        : MessageProperties.NONE;
    Message message = new Message(topic, payload, qos, retain, c.clientId, properties, Delivery.DIRECT);
    if (properties.payloadFormat().orElse(0) == 1 && !isUtf8(payload)) {
      LOG.info("client={}: PUBLISH to {} refused: payload is not the UTF-8 its format indicator says", c.clientId,
          topic);
      fail(message, packetId, PAYLOAD_FORMAT_INVALID, "payload format invalid: not UTF-8");
      return;
    }
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

  private boolean v5() {
    return c.protocolVersion == Replies.V5;
  }

  /** Whether one more QoS 1/2 message would exceed the receive maximum the broker advertised. */
  private boolean overReceiveMaximum() {
    return unacknowledgedQos1 + c.session.inboundQos2Count() >= c.broker.options().maxInflight();
  }

  private static boolean isUtf8(byte[] payload) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
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
      acknowledge(message.qos(), packetId, 0, null);
      c.resume();
    }));
  }

  private void decide(AuthorizationResult result, Message message, int packetId) {
    if (result != AuthorizationResult.ALLOW) {
      denied(message, packetId);
      return;
    }
    int delivered = c.broker.router().publish(message);
    acknowledge(message.qos(), packetId, delivered == 0 && v5() ? NO_MATCHING_SUBSCRIBERS : 0, null);
  }

  private void denied(Message message, int packetId) {
    LOG.info("resource auth failed: client={} username={} action=PUBLISH topic={}", c.clientId,
        c.username.orElse(""), message.topic());
    if (c.broker.options().onDeny() == OnDeny.DISCONNECT) {
      c.closeWith(NOT_AUTHORIZED, "not authorized to publish to " + message.topic());
      return;
    }
    fail(message, packetId, NOT_AUTHORIZED, "not authorized to publish to " + message.topic());
  }

  /** Refuses one PUBLISH and keeps the connection: MQTT 5 reason code, 3.1.1 a plain acknowledgement. */
  private void fail(Message message, int packetId, int reasonCode, String reason) {
    if (message.qos() == 2 && v5()) {
      // A failure reason code ends the QoS 2 flow at PUBREC, so the id is free again.
      c.session.releaseInboundQos2(packetId);
    }
    acknowledge(message.qos(), packetId, v5() ? reasonCode : 0, reason);
  }

  private void acknowledge(int qos, int packetId, int reasonCode, String reason) {
    if (qos == 1) {
      unacknowledgedQos1--;
      c.channel.writeAndFlush(Replies.pubReply(MqttMessageType.PUBACK, packetId, reasonCode, c.protocolVersion,
          c.problemInfo(reason)), c.channel.voidPromise());
    } else if (qos == 2) {
      c.channel.writeAndFlush(Replies.pubReply(MqttMessageType.PUBREC, packetId, reasonCode, c.protocolVersion,
          c.problemInfo(reason)));
    }
  }

  void onPubrel(int packetId) {
    c.session.releaseInboundQos2(packetId);
    c.channel.writeAndFlush(Replies.pubReply(MqttMessageType.PUBCOMP, packetId, 0, c.protocolVersion));
  }
}
