package io.mqttbroker.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The generator's Netty side: a few event loops that carry every client connection (thousands per loop), native
 * epoll where available. Connections to a loopback broker are spread over several source addresses (127.0.0.2,
 * 127.0.0.3, ...), each with its own range of ephemeral ports, so that more connections can be open than one address
 * has ports.
 */
final class LoadClient implements AutoCloseable {
  private static final int MAX_PACKET = 1 << 20;

  private final EventLoopGroup group;
  private final Class<? extends SocketChannel> channelClass;
  private final List<InetAddress> sources = new ArrayList<>();
  private final AtomicInteger nextSource = new AtomicInteger();

  LoadClient(int threads, int sourceAddresses) {
    boolean epoll = Epoll.isAvailable();
    this.group = new MultiThreadIoEventLoopGroup(threads,
        epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    this.channelClass = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    try {
      for (int i = 0; i < sourceAddresses; i++) {
        sources.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)}));
      }
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  EventLoopGroup group() {
    return group;
  }

  /**
   * Opens a connection and sends CONNECT; the returned client's {@link Client#connected} completes at CONNACK (or
   * fails: refused, closed, TCP connect failure or {@code timeoutMillis} without a CONNACK).
   */
  Client connect(Target target, String clientId, Credentials credentials, int keepAliveSeconds, int timeoutMillis) {
    Client client = new Client(clientId, credentials, keepAliveSeconds);
    Bootstrap bootstrap = new Bootstrap()
        .group(group)
        .channel(channelClass)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_REUSEADDR, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new MqttDecoder(MAX_PACKET), MqttEncoder.INSTANCE, client);
          }
        });
    InetSocketAddress remote = new InetSocketAddress(target.host(), target.port());
    ChannelFuture f = loopback(remote)
        ? bootstrap.connect(remote, new InetSocketAddress(nextSource(), 0))
        : bootstrap.connect(remote);
    f.addListener(done -> {
      if (!done.isSuccess()) {
        client.connected.completeExceptionally(done.cause());
        client.closed.complete(null);
      }
    });
    Channel ch = f.channel();
    ch.eventLoop().schedule(() -> {
      if (!client.connected.isDone()) {
        client.connected.completeExceptionally(new IllegalStateException("no CONNACK within " + timeoutMillis + " ms"));
        ch.close();
      }
    }, timeoutMillis, TimeUnit.MILLISECONDS);
    return client;
  }

  private static boolean loopback(InetSocketAddress remote) {
    return remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
  }

  private InetAddress nextSource() {
    return sources.get(Math.floorMod(nextSource.getAndIncrement(), sources.size()));
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
