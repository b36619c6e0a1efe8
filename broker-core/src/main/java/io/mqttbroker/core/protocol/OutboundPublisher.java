package io.mqttbroker.core.protocol;

import io.mqttbroker.core.routing.Message;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns routed messages into PUBLISH packets for one connection, on its event loop and in the order the session
 * decided them: the MQTT 5 properties (remaining expiry, subscription identifiers, what the publisher sent), the
 * broker's topic aliases, and the client's maximum packet size - a packet that would exceed it is not sent and counts
 * as delivered, as the specification requires.
 */
final class OutboundPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(OutboundPublisher.class);
  private static final int TOPIC_ALIAS = MqttPropertyType.TOPIC_ALIAS.value();

  private final MqttConnection c;
  private final boolean v5;
  private final long maximumPacketSize;
  private final TopicAliases.Outbound aliases;

  OutboundPublisher(MqttConnection connection, boolean v5, long maximumPacketSize, int topicAliasMaximum) {
    this.c = connection;
    this.v5 = v5;
    this.maximumPacketSize = maximumPacketSize;
    this.aliases = v5 && topicAliasMaximum > 0 ? new TopicAliases.Outbound(topicAliasMaximum) : null;
  }

  /** Writes one PUBLISH (packetId 0 for QoS 0). Runs on the connection's event loop. */
  void publish(int packetId, Message message, boolean duplicate) {
    if (!c.channel.isActive()) {
      return;
    }
    MqttProperties props = v5 ? PropertiesCodec.toPublish(message, System.currentTimeMillis())
        : MqttProperties.NO_PROPERTIES;
    TopicAliases.Choice choice = aliases == null ? new TopicAliases.Choice(message.topic(), 0)
        : aliases.choose(message.topic());
    if (choice.alias() != 0) {
      props.add(new IntegerProperty(TOPIC_ALIAS, choice.alias()));
    }
    long size = PropertiesCodec.publishPacketLength(choice.topic(), message.qos(), props, message.payload().length,
        v5);
    if (size > maximumPacketSize) {
      if (aliases != null) {
        aliases.forget(message.topic(), choice);
      }
      LOG.debug("client={}: PUBLISH of {} bytes to {} not sent, the client accepts at most {}", c.clientId, size,
          message.topic(), maximumPacketSize);
      c.session.onDiscarded(packetId);
      return;
    }
    c.broker.messagesOut().incrementAndGet();
    MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.PUBLISH, duplicate, MqttQoS.valueOf(message.qos()),
        message.retain(), 0);
    c.channel.writeAndFlush(new MqttPublishMessage(header,
        new MqttPublishVariableHeader(choice.topic(), packetId, props), Unpooled.wrappedBuffer(message.payload())));
  }
}
