package io.mqttbroker.core.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Messages a test client received, with blocking waits instead of sleeps. */
public final class Received {
  private final BlockingQueue<Msg> queue = new LinkedBlockingQueue<>();

  public void add(String topic, byte[] payload, int qos, boolean retained, boolean duplicate) {
    queue.add(new Msg(topic, new String(payload, StandardCharsets.UTF_8), qos, retained, duplicate));
  }

  /** The next message, or fails after {@code timeout}. */
  public Msg next(Duration timeout) {
    try {
      Msg m = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (m == null) {
        throw new AssertionError("no message within " + timeout);
      }
      return m;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public Msg next() {
    return next(Duration.ofSeconds(5));
  }

  /** The next {@code n} messages. */
  public List<Msg> next(int n) {
    List<Msg> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(next());
    }
    return out;
  }

  /** Asserts nothing arrives within {@code window} (used only after a later message proves delivery order). */
  public void assertNoneWithin(Duration window) {
    try {
      Msg m = queue.poll(window.toMillis(), TimeUnit.MILLISECONDS);
      if (m != null) {
        throw new AssertionError("unexpected message " + m);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public boolean isEmpty() {
    return queue.isEmpty();
  }

  /** One received message. */
  public record Msg(String topic, String payload, int qos, boolean retained, boolean duplicate) {}
}
