package io.mqttbroker.admin.http;

/**
 * An admin API error with its HTTP status and stable machine code, written as
 * {@code {"code": ..., "message": ..., "requestId": ...}}. Messages must never contain a secret.
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }

  public static ApiException unauthorized() {
    return new ApiException(401, "Unauthorized", "missing or bad access key credentials (HTTP Basic)");
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "Forbidden", message);
  }

  public static ApiException notFound(String code, String message) {
    return new ApiException(404, code, message);
  }

  public static ApiException conflict(String code, String message) {
    return new ApiException(409, code, message);
  }

  public static ApiException unavailable(String message) {
    return new ApiException(503, "ServiceUnavailable", message);
  }
}
