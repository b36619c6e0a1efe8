package io.mqttbroker.bench.topic;

import io.mqttbroker.core.topic.Topics;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One filter against one topic ({@link Topics#matches}, {@link Topics#covers}): the check the policy evaluators of
 * signature and token mode repeat for each of a principal's resources.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TopicMatchBenchmark {
  private String topic;
  private String plusFilter;
  private String hashFilter;
  private String otherFilter;
  private String coveredFilter;

  @Setup
  public void setUp() {
    // Built at run time so that the JIT cannot fold the strings into constants.
    topic = String.join("/", "site", "42", "meters", "device-7", "readings");
    plusFilter = String.join("/", "site", "+", "meters", "+", "readings");
    hashFilter = String.join("/", "site", "42", "#");
    otherFilter = String.join("/", "site", "43", "meters", "+", "readings");
    coveredFilter = String.join("/", "site", "42", "meters", "+", "readings");
    if (!Topics.matches(plusFilter, topic) || !Topics.matches(hashFilter, topic) || Topics.matches(otherFilter, topic)
        || !Topics.covers(hashFilter, coveredFilter)) {
      throw new IllegalStateException("the filters do not answer what the benchmarks claim");
    }
  }

  @Benchmark
  public boolean matchesPlus() {
    return Topics.matches(plusFilter, topic);
  }

  @Benchmark
  public boolean matchesHash() {
    return Topics.matches(hashFilter, topic);
  }

  @Benchmark
  public boolean matchesNot() {
    return Topics.matches(otherFilter, topic);
  }

  @Benchmark
  public boolean coversHash() {
    return Topics.covers(hashFilter, coveredFilter);
  }
}
