package io.mqttbroker.core.transport;

import io.mqttbroker.core.ListenerOptions;
import io.mqttbroker.core.protocol.BrokerContext;
import io.mqttbroker.core.protocol.MqttConnection;
import io.mqttbroker.core.protocol.SameLoopDeliveries;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import java.util.Optional;

/**
 * The MQTT pipeline of one transport: byte counting, then TLS for the secure transports, then the WebSocket handshake
 * and framing for the WebSocket ones, then the same MQTT codec and {@link MqttConnection} for all of them - so that
 * authentication and limits do not depend on how a client connects.
 */
final class MqttChannelInitializer extends ChannelInitializer<SocketChannel> {
  static final String TRAFFIC = "traffic";
  static final String TLS = "tls";
  static final String HTTP = "http";
  static final String HTTP_AGGREGATOR = "httpAggregator";
  static final String WEBSOCKET = "websocket";
  static final String WEBSOCKET_FRAMES = "websocketFrames";
  static final String SAME_LOOP_DELIVERIES = "sameLoopDeliveries";
  static final String FLUSH = "flushConsolidation";
  static final String DECODER = "mqttDecoder";
  static final String ENCODER = "mqttEncoder";
  static final String CONNECTION = "mqttConnection";
  /** MQTT over WebSocket clients offer "mqtt"; some older ones still say "mqttv3.1". */
  private static final String SUBPROTOCOLS = "mqtt,mqttv3.1";
  private static final int MAX_HANDSHAKE_BYTES = 65536;

  private final BrokerContext broker;
  private final ListenerOptions.Transport transport;
  private final Optional<SslContext> ssl;
  private final TrafficCounter traffic;

  MqttChannelInitializer(BrokerContext broker, ListenerOptions.Transport transport, Optional<SslContext> ssl) {
    this.broker = broker;
    this.transport = transport;
    this.ssl = ssl;
    this.traffic = new TrafficCounter(broker.bytesIn(), broker.bytesOut());
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    p.addLast(TRAFFIC, traffic);
    ssl.ifPresent(context -> p.addLast(TLS, context.newHandler(ch.alloc())));
    if (transport.websocket()) {
      WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
          .websocketPath(ListenerOptions.WEBSOCKET_PATH)
          .subprotocols(SUBPROTOCOLS)
          .maxFramePayloadLength(broker.options().maxPacketSize())
          .handshakeTimeoutMillis(broker.options().connectTimeout().toMillis())
          .build();
      p.addLast(HTTP, new HttpServerCodec())
          .addLast(HTTP_AGGREGATOR, new HttpObjectAggregator(MAX_HANDSHAKE_BYTES))
          .addLast(WEBSOCKET, new WebSocketServerProtocolHandler(config))
          .addLast(WEBSOCKET_FRAMES, new WebSocketFrames());
    }
    // At the end of a read burst: first the deliveries it routed to clients of this loop, then its replies (the
    // PUBACKs of many PUBLISHes) with one flush - one system call. Flushes outside a read go out at once: deliveries
    // are already batched by their sender.
    p.addLast(SAME_LOOP_DELIVERIES, SameLoopDeliveries.INSTANCE);
    p.addLast(FLUSH,
        new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, false));
    p.addLast(DECODER, new MqttDecoder(broker.options().maxPacketSize(), broker.options().maxClientIdLength()))
        .addLast(ENCODER, MqttEncoder.INSTANCE)
        .addLast(CONNECTION, new MqttConnection(broker));
  }
}
