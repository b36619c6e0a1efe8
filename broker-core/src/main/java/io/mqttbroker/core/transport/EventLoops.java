package io.mqttbroker.core.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.util.NettyRuntime;
import io.netty.util.internal.SystemPropertyUtil;
import java.util.concurrent.TimeUnit;

/** The broker's Netty event loops: one boss, and one worker per core. */
public final class EventLoops {
  private final EventLoopGroup boss = Transports.group(1);
  // One per core (Netty's default is two): no handler blocks, so more loops only add context switches - on two cores
  // the fan-in and fan-out benchmarks deliver about 1.5 times as much with two loops as with four. Netty's system
  // property io.netty.eventLoopThreads still overrides it (docs/performance.md: fewer loops, fewer hand-offs).
  private final EventLoopGroup workers = Transports.group(
      SystemPropertyUtil.getInt("io.netty.eventLoopThreads", NettyRuntime.availableProcessors()));

  public EventLoopGroup boss() {
    return boss;
  }

  public EventLoopGroup workers() {
    return workers;
  }

  public String transportName() {
    return Transports.nativeAvailable() ? "epoll" : "nio";
  }

  public void shutdown() {
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
