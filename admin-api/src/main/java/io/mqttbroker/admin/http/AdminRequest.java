package io.mqttbroker.admin.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One admin HTTP request after routing and authentication.
 *
 * @param method HTTP method
 * @param path the decoded request path
 * @param pathParams values of the {@code {name}} segments of the route template, percent-decoded
 * @param query query parameters, percent-decoded
 * @param body the raw body (empty array when none)
 * @param caller the authenticated caller; empty only for routes that need no authentication
 * @param requestId the id echoed in the response and in errors
 */
public record AdminRequest(
    String method,
    String path,
    Map<String, String> pathParams,
    Map<String, List<String>> query,
    byte[] body,
    Optional<Caller> caller,
    String requestId) {

  public String pathParam(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no path parameter " + name);
    }
    return value;
  }

  /** The first value of a query parameter, if present and not empty. */
  public Optional<String> queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() || values.get(0).isEmpty()
        ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Fails with 403 unless the caller is the owner key; {@code what} completes "only the owner access key may ...". */
  public Caller requireOwner(String what) {
    Caller c = requireCaller();
    if (!c.owner()) {
      throw ApiException.forbidden("only the owner access key may " + what);
    }
    return c;
  }

  /** The authenticated caller; routes marked authenticated always have one. */
  public Caller requireCaller() {
    return caller.orElseThrow(() -> ApiException.unauthorized());
  }
}
