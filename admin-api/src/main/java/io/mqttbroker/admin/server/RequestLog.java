package io.mqttbroker.admin.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One access-log line per request at DEBUG (logger {@code io.mqttbroker.admin.access}: method, path without query,
 * status, milliseconds, caller key id) and the {@code admin.http.requests} timer (Prometheus
 * {@code admin_http_requests_seconds_count/_sum/_max}) tagged by method, route template and status. The route
 * template, not the path, keeps the tag set bounded; never the query, body or Authorization header.
 */
final class RequestLog {
  static final String UNMATCHED = "unmatched";
  private static final Logger ACCESS = LoggerFactory.getLogger("io.mqttbroker.admin.access");
  private static final Set<String> KNOWN_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

  private final MeterRegistry meters;

  RequestLog(MeterRegistry meters) {
    this.meters = meters;
  }

  void record(IncomingRequest request, String route, String callerKeyId, int status) {
    long nanos = System.nanoTime() - request.receivedNanos();
    String method = KNOWN_METHODS.contains(request.method()) ? request.method() : "OTHER";
    Timer.builder("admin.http.requests")
        .description("admin API requests by route and status")
        .tag("method", method)
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .register(meters)
        .record(Duration.ofNanos(nanos));
    if (ACCESS.isDebugEnabled()) {
      ACCESS.debug("{} {} {} {}ms caller={} requestId={}", method, request.rawPath(), status, nanos / 1_000_000,
          callerKeyId, request.requestId());
    }
  }
}
