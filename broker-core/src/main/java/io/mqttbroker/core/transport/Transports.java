package io.mqttbroker.core.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/** Native epoll where the platform has it (fewer copies, less garbage), NIO everywhere else. */
final class Transports {
  private Transports() {}

  static boolean nativeAvailable() {
    return Epoll.isAvailable();
  }

  static EventLoopGroup group(int threads) {
    return new MultiThreadIoEventLoopGroup(threads,
        nativeAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  static Class<? extends ServerSocketChannel> serverChannel() {
    return nativeAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }
}
