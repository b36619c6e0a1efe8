package io.mqttbroker.core.transport;

import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;

/** The broker's Netty event loops: one boss that accepts, and the workers that carry the connections. */
public final class EventLoops {
  private final EventLoopGroup boss = Transports.group(1);
  private final EventLoopGroup workers;
  private final int workerCount;

  /** No handler blocks, so more workers than cores would only add context switches. */
  public EventLoops(int workers) {
    this.workerCount = workers;
    this.workers = Transports.group(workers);
  }

  public EventLoopGroup boss() {
    return boss;
  }

  public EventLoopGroup workers() {
    return workers;
  }

  public int workerCount() {
    return workerCount;
  }

  public String transportName() {
    return Transports.nativeAvailable() ? "epoll" : "nio";
  }

  public void shutdown() {
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
