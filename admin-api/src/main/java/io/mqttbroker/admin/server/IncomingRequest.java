package io.mqttbroker.admin.server;

/**
 * An HTTP request copied off the channel (so the Netty buffer is released on the event loop) and handed to the
 * worker pool.
 *
 * @param requestId the random id echoed in {@code X-Request-Id} and in error bodies
 * @param method the HTTP method as sent
 * @param uri the raw request target (path and query, still percent-encoded)
 * @param authorization the Authorization header, empty when absent; never logged
 * @param remoteAddress the peer's IP address (key of the authentication damping)
 * @param body the request body, empty when none; never logged
 * @param receivedNanos {@link System#nanoTime()} when the request was read, for latency
 */
record IncomingRequest(
    String requestId,
    String method,
    String uri,
    String authorization,
    String remoteAddress,
    byte[] body,
    long receivedNanos) {

  /** The path without query or fragment, still encoded: safe for logs (no control characters can appear). */
  String rawPath() {
    int end = uri.length();
    int query = uri.indexOf('?');
    if (query >= 0) {
      end = query;
    }
    int fragment = uri.indexOf('#');
    if (fragment >= 0 && fragment < end) {
      end = fragment;
    }
    return uri.substring(0, end);
  }
}
