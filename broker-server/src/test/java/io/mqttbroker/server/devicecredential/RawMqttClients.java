package io.mqttbroker.server.devicecredential;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Many small MQTT clients on Netty's codec and two shared event loops, for tests that need thousands of devices
 * online at once (a Paho client costs several threads each). A client only connects, may publish at QoS 0, and closes.
 */
final class RawMqttClients implements AutoCloseable {
  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final List<Channel> channels = new CopyOnWriteArrayList<>();

  /** One client's channel and its CONNACK return code, once the broker answered. */
  record Connected(Channel channel, int returnCode) {
    void publish(String topic, String payload) {
      channel.writeAndFlush(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_MOST_ONCE)
          .payload(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8)).build());
    }
  }

  /**
   * Opens a TCP connection and sends CONNECT; the future completes with the CONNACK's return code, or fails when the
   * connection closes before a CONNACK arrives.
   */
  CompletableFuture<Connected> connect(int port, String clientId, String username, String password,
      MqttVersion version) {
    CompletableFuture<Connected> connack = new CompletableFuture<>();
    MqttMessage connect = MqttMessageBuilders.connect().protocolVersion(version).clientId(clientId)
        .username(username).password(password.getBytes(StandardCharsets.UTF_8)).cleanSession(true)
        .keepAlive(60).build();
    Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(MqttEncoder.INSTANCE, new MqttDecoder());
            ch.pipeline().addLast(new SimpleChannelInboundHandler<MqttMessage>() {
              @Override
              public void channelActive(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(connect);
              }

              @Override
              protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
                if (msg instanceof MqttConnAckMessage ack) {
                  connack.complete(new Connected(ctx.channel(), ack.variableHeader().connectReturnCode().byteValue()
                      & 0xFF));
                }
              }

              @Override
              public void channelInactive(ChannelHandlerContext ctx) {
                connack.completeExceptionally(new IOException("closed before CONNACK: " + clientId));
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                connack.completeExceptionally(cause);
                ctx.close();
              }
            });
          }
        });
    ChannelFuture opened = bootstrap.connect("127.0.0.1", port);
    channels.add(opened.channel());
    opened.addListener(f -> {
      if (!f.isSuccess()) {
        connack.completeExceptionally(f.cause());
      }
    });
    return connack;
  }

  /** Closes every connection opened so far and waits until they are closed. */
  void closeAll() {
    for (Channel ch : channels) {
      ch.close();
    }
    for (Channel ch : channels) {
      ch.closeFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
    channels.clear();
  }

  @Override
  public void close() {
    closeAll();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
