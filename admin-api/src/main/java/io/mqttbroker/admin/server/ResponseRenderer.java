package io.mqttbroker.admin.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mqttbroker.admin.http.AdminResponse;
import io.mqttbroker.admin.http.ApiException;
import io.mqttbroker.admin.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/** Turns route answers and errors into bytes: JSON through {@link Json#MAPPER}, raw bodies unchanged. */
final class ResponseRenderer {
  static final String JSON = "application/json; charset=utf-8";
  static final String REALM = "Basic realm=\"mqtt-broker\"";

  private static final byte[] NO_BYTES = new byte[0];

  /** The one error shape of the admin API; the field order is the documented one. */
  record ErrorBody(String code, String message, String requestId) {}

  /** Serialises a route's answer; a body Jackson cannot write is an {@link IllegalStateException} (500). */
  RenderedResponse render(AdminResponse response) {
    Object body = response.body();
    int status = response.status();
    if (status < 200 || status > 599) {
      throw new IllegalStateException("route answered with status " + status);
    }
    if (body == null || status == 204) {
      return new RenderedResponse(status, "", NO_BYTES, Map.of());
    }
    if (body instanceof AdminResponse.Raw raw) {
      return new RenderedResponse(status, raw.contentType(), raw.bytes(), Map.of());
    }
    try {
      return new RenderedResponse(status, JSON, Json.MAPPER.writeValueAsBytes(body), Map.of());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the answer as JSON: " + body.getClass().getName(), e);
    }
  }

  RenderedResponse error(ApiException error, String requestId) {
    Map<String, String> headers = new HashMap<>();
    if (error.status() == 401) {
      headers.put("WWW-Authenticate", REALM);
    }
    if (error instanceof ServerErrors.MethodNotAllowed wrongMethod) {
      headers.put("Allow", String.join(", ", new TreeSet<>(wrongMethod.allowed())));
    }
    if (error instanceof ServerErrors.Throttled throttled) {
      headers.put("Retry-After", Long.toString(throttled.retryAfterSeconds()));
    }
    ErrorBody body = new ErrorBody(error.code(), error.getMessage(), requestId);
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      // Three strings always serialise; keep a fixed answer rather than fail while reporting a failure.
      bytes = "{\"code\":\"InternalError\",\"message\":\"internal error\",\"requestId\":\"\"}"
          .getBytes(StandardCharsets.UTF_8);
    }
    return new RenderedResponse(error.status(), JSON, bytes, headers);
  }
}
