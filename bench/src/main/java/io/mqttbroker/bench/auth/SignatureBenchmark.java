package io.mqttbroker.bench.auth;

import io.mqttbroker.core.security.spi.Signatures;
import java.nio.charset.StandardCharsets;
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
 * The password check of signature, device-credential and custom SIGNED mode at CONNECT:
 * {@link Signatures#verifyHmacSha1} of a 30-character secret over a reference-shaped client id, right and wrong.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SignatureBenchmark {
  private String secret;
  private String clientId;
  private byte[] right;
  private byte[] wrong;

  @Setup
  public void setUp() {
    secret = "Kq3hT0pV9xR2mW7cY4bN8fJ1sL6dG5";
    clientId = "GID_meter@@@device-" + 4711;
    right = Signatures.hmacSha1Base64(secret, clientId).getBytes(StandardCharsets.UTF_8);
    wrong = Signatures.hmacSha1Base64(secret + "x", clientId).getBytes(StandardCharsets.UTF_8);
    if (!verifyRight() || verifyWrong()) {
      throw new IllegalStateException("the signatures do not answer what the benchmarks claim");
    }
  }

  @Benchmark
  public boolean verifyRight() {
    return Signatures.verifyHmacSha1(secret, clientId, right);
  }

  @Benchmark
  public boolean verifyWrong() {
    return Signatures.verifyHmacSha1(secret, clientId, wrong);
  }
}
