package io.mqttbroker.server;

import io.mqttbroker.server.config.Settings;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The broker's own threads besides Netty's: the bounded auth executor (authenticators, store lookups at CONNECT), a
 * bounded pool for other blocking store calls, and the one scheduler for timed work.
 */
final class Runtime implements AutoCloseable {
  private final ThreadPoolExecutor authExecutor;
  private final ThreadPoolExecutor blockingExecutor;
  private final ScheduledExecutorService scheduler;

  Runtime(Settings settings) {
    int authThreads = settings.getInt("auth.threads");
    authExecutor = new ThreadPoolExecutor(authThreads, authThreads, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(settings.getInt("auth.queue")), daemon("auth"), new ThreadPoolExecutor.AbortPolicy());
    authExecutor.allowCoreThreadTimeOut(true);
    blockingExecutor = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000),
        daemon("store"), new ThreadPoolExecutor.AbortPolicy());
    blockingExecutor.allowCoreThreadTimeOut(true);
    scheduler = Executors.newSingleThreadScheduledExecutor(daemon("scheduler"));
  }

  ExecutorService authExecutor() {
    return authExecutor;
  }

  ExecutorService blockingExecutor() {
    return blockingExecutor;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    authExecutor.shutdown();
    blockingExecutor.shutdown();
    try {
      authExecutor.awaitTermination(2, TimeUnit.SECONDS);
      blockingExecutor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
