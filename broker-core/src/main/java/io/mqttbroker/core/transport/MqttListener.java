package io.mqttbroker.core.transport;

import io.mqttbroker.core.protocol.BrokerContext;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;

/** A TCP listener for MQTT on the broker's event loops. */
public final class MqttListener {
  private final Channel serverChannel;

  private MqttListener(Channel serverChannel) {
    this.serverChannel = serverChannel;
  }

  /** Binds {@code host:port} (port 0 = a free port) and starts accepting. */
  public static MqttListener bind(BrokerContext broker, EventLoopGroup boss, EventLoopGroup workers, String host,
      int port) throws InterruptedException {
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(boss, workers)
        .channel(Transports.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 4096)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childHandler(new MqttChannelInitializer(broker));
    Channel channel = bootstrap.bind(host, port).sync().channel();
    return new MqttListener(channel);
  }

  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  public void close() {
    serverChannel.close().syncUninterruptibly();
  }
}
