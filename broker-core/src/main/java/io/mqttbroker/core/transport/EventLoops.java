package io.mqttbroker.core.transport;

import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;

/** The broker's Netty event loops: one boss, and one worker per core. */
public final class EventLoops {
  private final EventLoopGroup boss = Transports.group(1);
  private final EventLoopGroup workers = Transports.group(0);

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
