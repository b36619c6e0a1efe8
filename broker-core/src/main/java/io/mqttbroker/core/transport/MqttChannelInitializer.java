package io.mqttbroker.core.transport;

import io.mqttbroker.core.protocol.BrokerContext;
import io.mqttbroker.core.protocol.MqttConnection;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;

/** The MQTT pipeline: Netty's MQTT codec, then one {@link MqttConnection} per channel. */
final class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {
  static final String DECODER = "mqttDecoder";
  static final String ENCODER = "mqttEncoder";
  static final String CONNECTION = "mqttConnection";

  private final BrokerContext broker;

  MqttChannelInitializer(BrokerContext broker) {
    this.broker = broker;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ch.pipeline()
        .addLast(DECODER, new MqttDecoder(broker.options().maxPacketSize(), broker.options().maxClientIdLength()))
        .addLast(ENCODER, MqttEncoder.INSTANCE)
        .addLast(CONNECTION, new MqttConnection(broker));
  }
}
