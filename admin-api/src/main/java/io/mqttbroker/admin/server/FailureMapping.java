package io.mqttbroker.admin.server;

import io.mqttbroker.admin.http.ApiException;
import io.mqttbroker.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps whatever a route threw to the error the caller sees. {@link ApiException} keeps its status and code; a
 * {@link StoreUnavailableException} anywhere in the cause chain (services and caches may wrap it) is 503; anything
 * else is a 500 with a generic message, and only then is the stack trace logged, with the request id so the caller's
 * report can be found. The request body and headers are never logged.
 */
final class FailureMapping {
  private static final Logger LOG = LoggerFactory.getLogger(FailureMapping.class);
  private static final int MAX_CAUSE_DEPTH = 8;

  ApiException map(Throwable failure, IncomingRequest request) {
    Throwable current = failure;
    for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (current instanceof ApiException api) {
        return api;
      }
      if (current instanceof StoreUnavailableException) {
        LOG.warn("admin {} {} answered 503, credential store unavailable (requestId {}): {}", request.method(),
            request.rawPath(), request.requestId(), current.getMessage());
        return ApiException.unavailable("the credential store is unavailable; retry later");
      }
      current = current.getCause();
    }
    LOG.error("admin {} {} failed (requestId {})", request.method(), request.rawPath(), request.requestId(), failure);
    return new ApiException(500, "InternalError", "internal error; the broker log has details under this requestId");
  }
}
