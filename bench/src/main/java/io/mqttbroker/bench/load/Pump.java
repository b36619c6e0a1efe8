package io.mqttbroker.bench.load;

import io.netty.buffer.Unpooled;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes as fast as the broker sustains, on the publisher's event loop: while the socket is writable (TCP
 * back-pressure), for QoS 1 while fewer than {@code window} publishes await their PUBACK, and while the scenario's
 * {@link Pipe} has room. Writes go out in batches with one flush each. Stops when {@link #stop()} is called or the
 * connection closes.
 */
final class Pump {
  private static final int BATCH = 64;

  private final Client client;
  private final String topic;
  private final int qos;
  private final int window;
  private final byte[] payload;
  private final Pipe pipe;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean stopped;

  Pump(Client client, String topic, int qos, int window, byte[] payload, Pipe pipe) {
    this.client = client;
    this.topic = topic;
    this.qos = qos;
    this.window = window;
    this.payload = payload;
    this.pipe = pipe;
    client.onWritable(this::schedule);
    client.onAck(this::schedule);
  }

  /** Starts pumping (any thread). */
  void start() {
    schedule();
  }

  void stop() {
    stopped = true;
  }

  // Many PUBACKs arrive in one read, deliveries wake from other loops: one pumping task for all of them.
  private void schedule() {
    if (!stopped && scheduled.compareAndSet(false, true)) {
      client.channel().eventLoop().execute(this::pump);
    }
  }

  private void pump() {
    scheduled.set(false);
    if (stopped || !client.channel().isActive()) {
      return;
    }
    int batch = 0;
    boolean room = true;
    while (batch < BATCH && client.channel().isWritable() && (qos == 0 || client.inflight() < window)) {
      if (!pipe.tryAcquire(this::schedule)) {
        room = false;
        break;
      }
      // The payload array is shared: the encoder copies it into the packet.
      client.publish(topic, Unpooled.wrappedBuffer(payload), qos);
      batch++;
    }
    if (batch > 0) {
      client.flush();
    }
    if (room && client.channel().isWritable() && (qos == 0 || client.inflight() < window)) {
      // A full batch: yield to the other channels of this loop, then go on.
      schedule();
    }
  }
}
