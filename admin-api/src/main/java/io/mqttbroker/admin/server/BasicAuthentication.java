package io.mqttbroker.admin.server;

import io.mqttbroker.admin.http.ApiException;
import io.mqttbroker.admin.http.Caller;
import io.mqttbroker.admin.http.CallerVerifier;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * HTTP Basic with an access key (user = AccessKeyId, password = AccessKeySecret). Runs on the worker pool because
 * the verifier may query the store. A missing header is a plain 401 challenge; a malformed header or a wrong key
 * also counts as a failed attempt for the damping. The header and the secret are never logged nor put in a message.
 */
final class BasicAuthentication {
  private static final String SCHEME = "basic ";

  private final CallerVerifier verifier;
  private final AuthFailureDamper damper;

  BasicAuthentication(CallerVerifier verifier, AuthFailureDamper damper) {
    this.verifier = verifier;
    this.damper = damper;
  }

  /** The caller, or an {@link ApiException}: 401 for no or bad credentials, 429 while the address is damped. */
  Caller authenticate(String authorization, String remoteAddress) {
    if (damper.blocked(remoteAddress)) {
      throw new ServerErrors.Throttled("too many failed authentication attempts; retry later",
          damper.retryAfterSeconds());
    }
    if (authorization.isEmpty()) {
      throw ApiException.unauthorized();
    }
    Optional<Credentials> credentials = parse(authorization);
    if (credentials.isEmpty()) {
      damper.recordFailure(remoteAddress);
      throw ApiException.unauthorized();
    }
    // A StoreUnavailableException from the verifier propagates (503) and is not counted as a failure.
    Optional<Caller> caller = verifier.verify(credentials.get().accessKeyId(), credentials.get().secret());
    if (caller.isEmpty()) {
      damper.recordFailure(remoteAddress);
      throw ApiException.unauthorized();
    }
    return caller.get();
  }

  /** The credentials of {@code Basic base64(id:secret)}; empty when the header is not well formed. */
  static Optional<Credentials> parse(String authorization) {
    String header = authorization.strip();
    if (header.length() <= SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return Optional.empty();
    }
    try {
      byte[] decoded = Base64.getDecoder().decode(header.substring(SCHEME.length()).strip());
      String pair = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(decoded))
          .toString();
      int colon = pair.indexOf(':');
      if (colon <= 0) {
        return Optional.empty();
      }
      return Optional.of(new Credentials(pair.substring(0, colon), pair.substring(colon + 1)));
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** Decoded Basic credentials; {@code toString} hides the secret so it cannot reach a log by accident. */
  record Credentials(String accessKeyId, String secret) {
    @Override
    public String toString() {
      return "Credentials[accessKeyId=" + accessKeyId + ", secret=***]";
    }
  }
}
