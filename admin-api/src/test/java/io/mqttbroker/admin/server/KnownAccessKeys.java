package io.mqttbroker.admin.server;

import io.mqttbroker.admin.http.Caller;
import io.mqttbroker.admin.http.CallerVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A verifier that knows a fixed set of access keys; the first one is the owner. Counts its calls. */
final class KnownAccessKeys implements CallerVerifier {
  static final String OWNER_ID = "AK-owner";
  static final String OWNER_SECRET = "owner-s3cret-do-not-log";
  static final String OTHER_ID = "AK-other";
  static final String OTHER_SECRET = "other-s3cret";

  private final Map<String, String> secrets = Map.of(OWNER_ID, OWNER_SECRET, OTHER_ID, OTHER_SECRET);
  final AtomicInteger calls = new AtomicInteger();

  @Override
  public Optional<Caller> verify(String accessKeyId, String accessKeySecret) {
    calls.incrementAndGet();
    String expected = secrets.get(accessKeyId);
    if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        accessKeySecret.getBytes(StandardCharsets.UTF_8))) {
      return Optional.empty();
    }
    return Optional.of(new Caller(accessKeyId, OWNER_ID.equals(accessKeyId)));
  }
}
