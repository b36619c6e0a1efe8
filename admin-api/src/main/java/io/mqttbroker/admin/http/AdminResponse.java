package io.mqttbroker.admin.http;

/**
 * What a route answers: a status and a body that the server writes as JSON ({@code null} body = no content).
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
}
