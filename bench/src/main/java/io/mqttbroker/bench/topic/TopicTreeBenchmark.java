package io.mqttbroker.bench.topic;

import io.mqttbroker.core.topic.TopicTree;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Subscription lookup in the router's {@link TopicTree} with 10, 100,000 and 1,000,000 subscriptions: does routing a
 * PUBLISH cost the same however many clients subscribe to other topics? And what a SUBSCRIBE / UNSUBSCRIBE costs.
 *
 * <p>The crowd: one client per subscription, spread over fleet-like shapes - {@code site/<s>/meters/<d>/#},
 * {@code site/<s>/+/alerts}, {@code fleet/<d>/cmd}, {@code +/status/<d>} - with 1,000 sites, so that many filters share
 * the first levels of the routed topics. The routed topic {@code site/42/meters/device-7/readings} has exactly
 * {@value #MATCHING} subscribers of its own ({@code site/42/meters/device-7/#}, {@code site/42/meters/+/readings},
 * {@code site/42/#}, {@code #}) besides whatever of the crowd matches it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TopicTreeBenchmark {
  static final String TOPIC = "site/42/meters/device-7/readings";
  static final String UNMATCHED = "site/42/valves/device-7/readings";
  static final int MATCHING = 4;

  /** How many subscriptions the tree holds in all. */
  @Param({"10", "100000", "1000000"})
  public int subscriptions;

  private TopicTree<String, Integer> tree;
  private int matchesOfTopic;
  private int churn;

  @Setup(Level.Trial)
  public void fill() {
    tree = new TopicTree<>();
    tree.put("site/42/meters/device-7/#", "own-1", 1);
    tree.put("site/42/meters/+/readings", "own-2", 1);
    tree.put("site/42/#", "own-3", 1);
    tree.put("#", "own-4", 1);
    for (int i = MATCHING; i < subscriptions; i++) {
      int site = i % 1000;
      String filter = switch (i % 4) {
        case 0 -> "site/" + site + "/meters/d" + i + "/#";
        case 1 -> "site/" + site + "/+/alerts";
        case 2 -> "fleet/d" + i + "/cmd";
        default -> "+/status/d" + i;
      };
      tree.put(filter, "client-" + i, i);
    }
    int[] count = new int[1];
    tree.forEachMatch(TOPIC, (k, v) -> count[0]++);
    matchesOfTopic = count[0];
    if (matchesOfTopic < MATCHING) {
      throw new IllegalStateException(TOPIC + " matched " + matchesOfTopic + " subscriptions, expected " + MATCHING);
    }
  }

  /** Every subscriber of a routed topic ({@value #TOPIC}): what routing one PUBLISH walks. */
  @Benchmark
  public void matchTopic(Blackhole bh) {
    tree.forEachMatch(TOPIC, (k, v) -> bh.consume(v));
  }

  /** A topic nobody subscribed to except the {@code #} and {@code site/42/#} crowd-independent subscribers. */
  @Benchmark
  public void matchOtherTopic(Blackhole bh) {
    tree.forEachMatch(UNMATCHED, (k, v) -> bh.consume(v));
  }

  /** The filters that cover a requested filter (what retained-message and permission checks walk). */
  @Benchmark
  public void coveringFilter(Blackhole bh) {
    tree.forEachCovering("site/42/meters/+/readings", (k, v) -> bh.consume(v));
  }

  /** One SUBSCRIBE and its UNSUBSCRIBE of a new filter (the tree stays the same size). */
  @Benchmark
  public Integer subscribeUnsubscribe() {
    String filter = "site/" + (churn++ % 1000) + "/meters/churn/#";
    tree.put(filter, "churn", 1);
    return tree.remove(filter, "churn");
  }
}
