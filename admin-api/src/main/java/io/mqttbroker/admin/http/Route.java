package io.mqttbroker.admin.http;

/**
 * One admin operation: an HTTP method, a path template with {@code {name}} segments (for example
 * {@code /api/v1/device-credentials/{clientId}}) and the handler. Handlers run on the admin worker pool, never on an
 * event loop, so they may call blocking services; they answer with an {@link AdminResponse} or throw
 * {@link ApiException}. A {@code StoreUnavailableException} from a service becomes 503.
 *
 * @param authenticated whether the request must carry valid access key credentials
 */
public record Route(String method, String pathTemplate, boolean authenticated, Handler handler) {

  public static Route authenticated(String method, String pathTemplate, Handler handler) {
    return new Route(method, pathTemplate, true, handler);
  }

  public static Route open(String method, String pathTemplate, Handler handler) {
    return new Route(method, pathTemplate, false, handler);
  }

  /** The code behind a route. */
  @FunctionalInterface
  public interface Handler {
    AdminResponse handle(AdminRequest request);
  }
}
