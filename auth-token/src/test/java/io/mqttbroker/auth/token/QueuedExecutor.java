package io.mqttbroker.auth.token;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/** An executor that only queues; the test runs the work when it chooses, on its own thread. */
final class QueuedExecutor implements Executor {
  private final Queue<Runnable> queue = new ArrayDeque<>();

  @Override
  public synchronized void execute(Runnable command) {
    queue.add(command);
  }

  synchronized int size() {
    return queue.size();
  }

  void runAll() {
    Runnable next;
    while ((next = poll()) != null) {
      next.run();
    }
  }

  private synchronized Runnable poll() {
    return queue.poll();
  }
}
