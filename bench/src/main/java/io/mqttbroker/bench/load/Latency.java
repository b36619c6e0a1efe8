package io.mqttbroker.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * End-to-end latency at a fixed rate: one publisher sends QoS 1 messages at {@code latency-rate} per second to one
 * subscriber (QoS 1 subscription) for warm-up plus {@code latency-duration} seconds. Each payload carries its sequence
 * number; latency is measured from the time the message was <em>due</em> (start + sequence / rate) to its arrival,
 * so a publisher held back by a slow broker shows in the figures instead of hiding (coordinated omission).
 *
 * <p>On a shared machine a single run's tail says more about the neighbours than about the broker, so the scenario
 * runs in {@code latency-rounds} rounds that alternate between the targets, and reports for each target the median
 * round's percentiles, with every round's p99 in the note.
 */
final class Latency {
  static final String NAME = "latency-qos1";

  private Latency() {}

  private static double ms(long micros) {
    return Math.round(micros) / 1000.0;
  }

  /**
   * The percentiles of one round, in milliseconds, how many measured messages did not arrive in time, and the broker's
   * CPU seconds over the whole round (warm-up included; NaN when unknown) for its {@code sent} messages.
   */
  record Round(double p50, double p99, double p999, long missing, long measured, double cpuSeconds, long sent) {}

  /** Every round against every target, alternating; the median round of each target. */
  static List<Result> rounds(LoadClient load, LoadOptions o, List<Prepared> targets) {
    Map<Prepared, List<Round>> rounds = new LinkedHashMap<>();
    Map<Prepared, String> errors = new LinkedHashMap<>();
    for (int r = 0; r < o.latencyRounds(); r++) {
      for (Prepared p : targets) {
        try {
          Log.info(NAME + " round " + (r + 1) + " of " + o.latencyRounds() + " at " + o.latencyRate() + " msg/s on "
              + p.target());
          rounds.computeIfAbsent(p, k -> new ArrayList<>()).add(run(load, o, p));
        } catch (Exception e) {
          Log.info(NAME + " failed on " + p.target() + ": " + e);
          errors.putIfAbsent(p, String.valueOf(e));
        }
      }
    }
    List<Result> results = new ArrayList<>();
    for (Prepared p : targets) {
      List<Round> done = rounds.getOrDefault(p, List.of());
      String auth = p.main().mode();
      if (done.isEmpty()) {
        results.add(Result.missing(NAME, p.target(), auth, "p99_ms", "ms", "lower",
            errors.getOrDefault(p, "no round completed")));
        continue;
      }
      List<Round> byP99 = new ArrayList<>(done);
      byP99.sort(Comparator.comparingDouble(Round::p99));
      Round median = byP99.get((byP99.size() - 1) / 2);
      StringBuilder note = new StringBuilder("median of " + done.size() + " rounds; p99 of each round:");
      long missing = 0;
      for (Round d : done) {
        note.append(' ').append(d.p99()).append(" ms");
        missing += d.missing();
      }
      if (missing > 0) {
        note.append("; ").append(missing).append(" measured messages did not arrive in time");
      }
      results.add(Result.lower(NAME, p.target(), auth, "p50_ms", median.p50(), "ms"));
      results.add(Result.lower(NAME, p.target(), auth, "p99_ms", median.p99(), "ms").withNote(note.toString()));
      results.add(Result.lower(NAME, p.target(), auth, "p999_ms", median.p999(), "ms"));
      Measure.cpuPerUnit(NAME, p.target(), auth, median.cpuSeconds(), median.sent(), "msg").ifPresent(results::add);
    }
    return results;
  }

  /** One round against one target. */
  static Round run(LoadClient load, LoadOptions o, Prepared p) throws Exception {
    String topic = AdminSetup.TOPIC_ROOT + "/latency/t";
    List<Client> subscribers = Throughput.connect(load, o, p, "latency-sub", 1);
    List<Client> publishers = Throughput.connect(load, o, p, "latency-pub", 1);
    Client sub = subscribers.get(0);
    Client pub = publishers.get(0);
    long intervalNanos = 1_000_000_000L / o.latencyRate();
    long warmupCount = (long) o.latencyRate() * o.warmup();
    long total = warmupCount + (long) o.latencyRate() * o.latencyDuration();
    Histogram micros = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
    CountDownLatch allReceived = new CountDownLatch(1);
    long[] receivedCount = new long[1];
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    // Recorded on the subscriber's event loop only (the histogram is single-threaded).
    sub.listener((c, t, payload, nanos) -> {
      long seq = payload.getLong(payload.readerIndex());
      if (seq >= warmupCount) {
        long due = start + seq * intervalNanos;
        micros.recordValue(Math.min(micros.getHighestTrackableValue(), Math.max(0, (nanos - due) / 1000)));
      }
      if (++receivedCount[0] == total) {
        allReceived.countDown();
      }
    });
    ScheduledFuture<?> ticker = null;
    try {
      sub.subscribe(topic, 1).get(30, TimeUnit.SECONDS);
      double cpu0 = Measure.cpu(p.target());
      long[] sent = new long[1];
      ticker = pub.channel().eventLoop().scheduleAtFixedRate(() -> {
        long due = Math.min(total, (System.nanoTime() - start) / intervalNanos + 1);
        if (sent[0] >= due || !pub.channel().isActive()) {
          return;
        }
        while (sent[0] < due) {
          ByteBuf payload = Unpooled.buffer(o.payload(), o.payload());
          payload.writeLong(sent[0]).writeZero(o.payload() - Long.BYTES);
          pub.publish(topic, payload, 1);
          sent[0]++;
        }
        pub.flush();
      }, Math.max(0, start - System.nanoTime()), 200_000, TimeUnit.NANOSECONDS);
      long runNanos = TimeUnit.SECONDS.toNanos(o.warmup() + o.latencyDuration());
      boolean complete = allReceived.await(runNanos + TimeUnit.SECONDS.toNanos(10), TimeUnit.NANOSECONDS);
      ticker.cancel(false);
      double cpu = Measure.cpu(p.target()) - cpu0;
      // Read on the loop that records, so that a late arrival cannot race the percentiles.
      Histogram h = sub.channel().eventLoop().submit(micros::copy).get(10, TimeUnit.SECONDS);
      long measured = total - warmupCount;
      if (h.getTotalCount() == 0) {
        throw new IllegalStateException("no message arrived");
      }
      return new Round(ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
          ms(h.getValueAtPercentile(99.9)), complete ? 0 : measured - h.getTotalCount(), measured, cpu, total);
    } finally {
      if (ticker != null) {
        ticker.cancel(false);
      }
      List<Client> all = new ArrayList<>(publishers);
      all.addAll(subscribers);
      Fleet.closeAll(all, Duration.ofSeconds(30));
      Measure.settle();
    }
  }
}
