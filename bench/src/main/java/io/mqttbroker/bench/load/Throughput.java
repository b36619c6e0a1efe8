package io.mqttbroker.bench.load;

import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fan-in ({@code publishers} publishers to one subscriber on a wildcard filter) and fan-out (one publisher to
 * {@code subscribers} subscribers of its topic), QoS 0 or 1, payloads of {@code payload} bytes. Publishers go as fast as
 * the broker sustains ({@link Pump}, {@link Pipe}); the figure is what the subscribers receive per second over the
 * measured window, after an unmeasured warm-up.
 */
final class Throughput {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SUBACK_TIMEOUT = Duration.ofSeconds(30);

  private Throughput() {}

  static List<Result> fanIn(LoadClient load, LoadOptions o, Prepared p, int qos) throws Exception {
    String scenario = "fan-in-qos" + qos;
    Log.info(scenario + " on " + p.target());
    List<Client> subscribers = connect(load, o, p, "fanin-sub", 1);
    List<Client> publishers = connect(load, o, p, "fanin-pub", o.publishers());
    Pipe pipe = new Pipe(o.pipe(), 1);
    List<Pump> pumps = new ArrayList<>();
    for (int i = 0; i < publishers.size(); i++) {
      pumps.add(new Pump(publishers.get(i), AdminSetup.TOPIC_ROOT + "/fanin/p" + i, qos, o.window(),
          new byte[o.payload()], pipe));
    }
    return measure(load, scenario, o, p, subscribers, AdminSetup.TOPIC_ROOT + "/fanin/#", qos, publishers, pumps,
        pipe);
  }

  static List<Result> fanOut(LoadClient load, LoadOptions o, Prepared p, int qos) throws Exception {
    String scenario = "fan-out-qos" + qos;
    Log.info(scenario + " on " + p.target());
    String topic = AdminSetup.TOPIC_ROOT + "/fanout/t";
    List<Client> subscribers = connect(load, o, p, "fanout-sub", o.subscribers());
    List<Client> publishers = connect(load, o, p, "fanout-pub", 1);
    // As in fan-in, at most `pipe` messages on their way to each subscriber.
    Pipe pipe = new Pipe((long) o.pipe() * subscribers.size(), subscribers.size());
    List<Pump> pumps = List.of(new Pump(publishers.get(0), topic, qos, o.window(), new byte[o.payload()], pipe));
    return measure(load, scenario, o, p, subscribers, topic, qos, publishers, pumps, pipe);
  }

  private static List<Result> measure(LoadClient load, String scenario, LoadOptions o, Prepared p,
      List<Client> subscribers, String filter, int qos, List<Client> publishers, List<Pump> pumps, Pipe pipe)
      throws Exception {
    Target target = p.target();
    String auth = p.main().mode();
    // Parked publishers retry now and then, so that the pipe notices a stall even when nothing arrives to wake them.
    ScheduledFuture<?> watchdog = load.group().next().scheduleAtFixedRate(pipe::wakeAll, 50, 50,
        TimeUnit.MILLISECONDS);
    try {
      for (Client s : subscribers) {
        s.listener((c, topic, payload, nanos) -> pipe.delivered());
        s.subscribe(filter, qos).get(SUBACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      pumps.forEach(Pump::start);
      Measure.during(o.warmup());
      long r0 = pipe.received();
      long lost0 = pipe.lost();
      double cpu0 = Measure.cpu(target);
      long t0 = System.nanoTime();
      Measure.during(o.duration());
      long r1 = pipe.received();
      long t1 = System.nanoTime();
      double cpu = Measure.cpu(target) - cpu0;
      long lost = pipe.lost() - lost0;
      pumps.forEach(Pump::stop);
      long delivered = r1 - r0;
      List<String> notes = new ArrayList<>();
      if (publishers.stream().anyMatch(c -> !c.channel().isActive())
          || subscribers.stream().anyMatch(c -> !c.channel().isActive())) {
        notes.add("a client's connection closed during the run");
      }
      if (lost > 0) {
        notes.add("about " + lost + " deliveries lost (dropped by the broker)");
      }
      List<Result> results = new ArrayList<>();
      results.add(Result.higher(scenario, target, auth, "msgs_per_s", delivered / ((t1 - t0) / 1e9), "1/s")
          .withNote(notes.isEmpty() ? null : String.join("; ", notes)));
      Measure.cpuPerUnit(scenario, target, auth, cpu, delivered, "msg").ifPresent(results::add);
      return results;
    } finally {
      watchdog.cancel(false);
      pumps.forEach(Pump::stop);
      List<Client> all = new ArrayList<>(publishers);
      all.addAll(subscribers);
      Fleet.closeAll(all, Duration.ofSeconds(30));
      Measure.settle();
    }
  }

  /** Connects {@code n} clients of the target's main credentials; fails unless every one is accepted. */
  static List<Client> connect(LoadClient load, LoadOptions o, Prepared p, String role, int n) throws Exception {
    Fleet.Connected c = Fleet.connect(load, p.target(), p.main(), Fleet.ids(Prepared.GROUP + role, n),
        Math.min(n, 200), 60, CONNECT_TIMEOUT, CONNECT_TIMEOUT);
    if (c.failed() > 0) {
      Fleet.closeAll(c.clients(), Duration.ofSeconds(10));
      throw new IllegalStateException(c.failed() + " of " + n + " " + role + " clients could not connect: "
          + c.firstError());
    }
    return c.clients();
  }
}
