package io.mqttbroker.bench.load;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The end-to-end window of a throughput scenario: at most {@code capacity} deliveries may be on their way (published
 * and not yet received by a subscriber). Publishers that find it full park and are woken by the next delivery. This
 * keeps every broker busy without flooding it: the figure is the rate a broker sustains, not how gracefully it drops
 * messages when publishers outrun it by far.
 *
 * <p>A broker may still drop messages (a full queue); so that a lost delivery cannot close the window for good, a
 * window that has seen no delivery for {@link #STALL_NANOS} while full writes off what is in flight as lost.
 */
final class Pipe {
  static final long STALL_NANOS = 200_000_000L;

  private final long capacity;
  private final int deliveriesPerMessage;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final Queue<Runnable> parked = new ConcurrentLinkedQueue<>();
  private volatile long lastDelivery = System.nanoTime();

  /** {@code capacity} deliveries in flight; each published message makes {@code deliveriesPerMessage}. */
  Pipe(long capacity, int deliveriesPerMessage) {
    this.capacity = capacity;
    this.deliveriesPerMessage = deliveriesPerMessage;
  }

  /** Takes room for one message; false (and {@code wake} parked) when the window is full. */
  boolean tryAcquire(Runnable wake) {
    long inFlight = sent.get() - received.get() - lost.get();
    if (inFlight + deliveriesPerMessage <= capacity) {
      sent.addAndGet(deliveriesPerMessage);
      return true;
    }
    if (System.nanoTime() - lastDelivery > STALL_NANOS) {
      // Nothing arrived for a while with the window full: what is in flight was dropped.
      lost.addAndGet(Math.max(0, inFlight));
      lastDelivery = System.nanoTime();
      sent.addAndGet(deliveriesPerMessage);
      return true;
    }
    parked.add(wake);
    return false;
  }

  /** One delivery arrived: room for more; wakes a parked publisher. */
  void delivered() {
    received.incrementAndGet();
    lastDelivery = System.nanoTime();
    Runnable next = parked.poll();
    if (next != null) {
      next.run();
    }
  }

  /** Wakes every parked publisher (at the end, or by a watchdog). */
  void wakeAll() {
    Runnable next;
    while ((next = parked.poll()) != null) {
      next.run();
    }
  }

  long received() {
    return received.get();
  }

  /** Deliveries written off as dropped by the broker. */
  long lost() {
    return lost.get();
  }
}
