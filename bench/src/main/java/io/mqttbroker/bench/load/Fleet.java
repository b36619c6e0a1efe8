package io.mqttbroker.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/** Connects and closes many clients, at most a window of CONNECTs outstanding at any time. */
final class Fleet {
  private Fleet() {}

  /**
   * The outcome of connecting many clients.
   *
   * @param clients the clients whose CONNECT was accepted
   * @param failed refused, timed out or never started before the deadline
   * @param connectMicros CONNECT to CONNACK of the accepted ones, microseconds
   * @param elapsedNanos from the first TCP connect to the last answer
   * @param firstError what went wrong first, or null
   */
  record Connected(List<Client> clients, int failed, Histogram connectMicros, long elapsedNanos, String firstError) {
    double perSecond() {
      return clients.size() / (elapsedNanos / 1e9);
    }
  }

  /**
   * Connects one client per id, at most {@code window} outstanding, each with at most {@code perClientTimeout} for
   * its CONNACK; stops launching at {@code deadline}. Credentials are computed before the clock starts.
   */
  static Connected connect(LoadClient load, Target target, Credentials.Source source, List<String> ids, int window,
      int keepAliveSeconds, Duration perClientTimeout, Duration deadline) throws InterruptedException {
    int n = ids.size();
    List<Credentials> credentials = new ArrayList<>(n);
    for (String id : ids) {
      credentials.add(source.apply(id));
    }
    Client[] clients = new Client[n];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    CompletableFuture<Void> all = new CompletableFuture<>();
    Executor loop = load.group().next();
    long stopLaunchingAt = System.nanoTime() + deadline.toNanos();
    Runnable launch = new Runnable() {
      @Override
      public void run() {
        int i = next.getAndIncrement();
        if (i >= n) {
          return;
        }
        if (System.nanoTime() > stopLaunchingAt) {
          all.complete(null);
          return;
        }
        Client c = load.connect(target, ids.get(i), credentials.get(i), keepAliveSeconds,
            (int) perClientTimeout.toMillis());
        clients[i] = c;
        c.connected.whenComplete((ok, e) -> {
          if (e != null) {
            firstError.compareAndSet(null, String.valueOf(e.getMessage()));
          }
          if (answered.incrementAndGet() == n) {
            all.complete(null);
          } else {
            // Through a task, never inline: a client that fails at once must not recurse into the next launch.
            loop.execute(this);
          }
        });
      }
    };
    long start = System.nanoTime();
    for (int i = 0; i < Math.min(window, n); i++) {
      loop.execute(launch);
    }
    try {
      all.get(deadline.toMillis() + perClientTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      firstError.compareAndSet(null, "not all clients answered before the deadline");
    }
    long elapsed = System.nanoTime() - start;
    List<Client> accepted = new ArrayList<>(n);
    Histogram micros = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    for (Client c : clients) {
      if (c != null && c.connected.isDone() && !c.connected.isCompletedExceptionally()) {
        accepted.add(c);
        micros.recordValue(Math.min(micros.getHighestTrackableValue(), Math.max(0, c.connectNanos() / 1000)));
      }
    }
    // Clients still waiting when the deadline struck count as failures; close them.
    for (Client c : clients) {
      if (c != null && !c.connected.isDone()) {
        c.disconnect();
      }
    }
    return new Connected(accepted, n - accepted.size(), micros, elapsed, firstError.get());
  }

  /** DISCONNECTs every client and waits (at most {@code timeout}) until all connections have closed. */
  static void closeAll(Collection<Client> clients, Duration timeout) throws InterruptedException {
    List<CompletableFuture<Void>> closes = new ArrayList<>(clients.size());
    for (Client c : clients) {
      closes.add(c.disconnect());
    }
    try {
      CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // Whatever is still open is closed by the client's own grace timer.
    }
  }

  /** Client ids {@code <prefix>-0 .. <prefix>-(n-1)}. */
  static List<String> ids(String prefix, int n) {
    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(prefix + "-" + i);
    }
    return ids;
  }
}
