package io.mqttbroker.core.transport;

import io.mqttbroker.core.ListenerOptions;
import io.mqttbroker.core.protocol.BrokerContext;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.Optional;

/** One MQTT listener (TCP, TLS, WebSocket or secure WebSocket) on the broker's event loops. */
public final class MqttListener {
  private final ListenerOptions options;
  private final Channel serverChannel;

  private MqttListener(ListenerOptions options, Channel serverChannel) {
    this.options = options;
    this.serverChannel = serverChannel;
  }

  /** Binds {@code host:port} (port 0 = a free port) and starts accepting. */
  public static MqttListener bind(BrokerContext broker, EventLoopGroup boss, EventLoopGroup workers, String host,
      int port) throws InterruptedException {
    return bind(broker, boss, workers, ListenerOptions.tcp(host, port));
  }

  /** Binds the listener described by {@code options}; a bad certificate fails here, before anything is bound. */
  public static MqttListener bind(BrokerContext broker, EventLoopGroup boss, EventLoopGroup workers,
      ListenerOptions options) throws InterruptedException {
    Optional<SslContext> ssl = options.tls().map(TlsContexts::server);
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(boss, workers)
        .channel(Transports.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 4096)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        // Above the high mark a client is not writable and QoS 0 messages to it are dropped (OutboundPublisher).
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
            broker.options().maxOutboundBytes() / 2, broker.options().maxOutboundBytes()))
        .childHandler(new MqttChannelInitializer(broker, options.transport(), ssl));
    Channel channel = bootstrap.bind(options.host(), options.port()).sync().channel();
    return new MqttListener(options, channel);
  }

  public ListenerOptions options() {
    return options;
  }

  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  public void close() {
    serverChannel.close().syncUninterruptibly();
  }
}
