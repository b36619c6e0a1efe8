package io.mqttbroker.bench.auth;

import io.mqttbroker.auth.token.TokenPassword;
import java.util.Optional;
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
 * Parsing the CONNECT password of token mode ({@link TokenPassword#parse}): one RW token, the R and W pair, and a
 * malformed password (a type twice) that must be refused.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TokenPasswordBenchmark {
  private String single;
  private String pair;
  private String malformed;

  @Setup
  public void setUp() {
    String token = "tHq0rV8sK2pW5xYz9bN3cM7fJ1dL4gA6eR0uI2oP";
    single = "RW|" + token;
    pair = "R|" + token + "|W|" + new StringBuilder(token).reverse();
    malformed = "R|" + token + "|R|" + token;
    if (parseSingle().isEmpty() || parsePair().isEmpty() || parseMalformed().isPresent()) {
      throw new IllegalStateException("the passwords do not parse as the benchmarks claim");
    }
  }

  @Benchmark
  public Optional<TokenPassword> parseSingle() {
    return TokenPassword.parse(single);
  }

  @Benchmark
  public Optional<TokenPassword> parsePair() {
    return TokenPassword.parse(pair);
  }

  @Benchmark
  public Optional<TokenPassword> parseMalformed() {
    return TokenPassword.parse(malformed);
  }
}
