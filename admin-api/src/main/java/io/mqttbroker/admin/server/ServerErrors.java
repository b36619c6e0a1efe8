package io.mqttbroker.admin.server;

import io.mqttbroker.admin.http.ApiException;
import java.util.Set;

/** The errors the server itself raises, some of which carry a header for the answer. */
final class ServerErrors {
  private ServerErrors() {}

  static ApiException notFound() {
    return ApiException.notFound("NotFound", "no such path");
  }

  static ApiException tooLarge(int maxBodyBytes) {
    return new ApiException(413, "RequestTooLarge", "request body exceeds " + maxBodyBytes + " bytes");
  }

  static ApiException malformedRequest() {
    return ApiException.badRequest("BadRequest", "malformed HTTP request");
  }

  static ApiException busy() {
    return new Throttled("the admin API is busy; retry later", 1);
  }

  /** 405 with the methods the path does support (sent as {@code Allow}). */
  static final class MethodNotAllowed extends ApiException {
    private static final long serialVersionUID = 1L;
    private final transient Set<String> allowed;

    MethodNotAllowed(Set<String> allowed) {
      super(405, "MethodNotAllowed", "method not allowed on this path; allowed: " + String.join(", ", allowed));
      this.allowed = Set.copyOf(allowed);
    }

    Set<String> allowed() {
      return allowed;
    }
  }

  /** 429 with the seconds after which a retry makes sense (sent as {@code Retry-After}). */
  static final class Throttled extends ApiException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    Throttled(String message, long retryAfterSeconds) {
      super(429, "Throttling", message);
      this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }
}
