package io.mqttbroker.admin.http;

/**
 * What a route answers: a status and a body that the server writes as JSON ({@code null} body = no content).
 * A {@link Raw} body is written as it is with its own content type (for example the Prometheus text of
 * {@code /metrics}).
 */
public record AdminResponse(int status, Object body) {
  public static AdminResponse ok(Object body) {
    return new AdminResponse(200, body);
  }

  public static AdminResponse created(Object body) {
    return new AdminResponse(201, body);
  }

  public static AdminResponse noContent() {
    return new AdminResponse(204, null);
  }

  /** A body that is not JSON: the bytes are sent unchanged with {@code contentType}. */
  public static AdminResponse raw(int status, String contentType, byte[] bytes) {
    return new AdminResponse(status, new Raw(contentType, bytes));
  }

  /** Bytes written unchanged, with their content type. */
  public record Raw(String contentType, byte[] bytes) {}
}
