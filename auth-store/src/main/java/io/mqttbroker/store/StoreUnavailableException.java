package io.mqttbroker.store;

/**
 * The credential store cannot answer (database down, pool exhausted, timeout). The admin API maps it to 503 and the
 * authenticators to "server unavailable"; it is never taken as a "not found".
 */
public class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
