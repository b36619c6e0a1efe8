package io.mqttbroker.admin.server;

import java.time.Duration;

/**
 * Tuning of the admin HTTP server. Every value comes from configuration (see {@code mqtt.admin-*} in
 * broker.properties); {@link #defaults()} holds the documented defaults.
 *
 * @param maxBodyBytes largest request body; a larger one is answered 413 {@code RequestTooLarge}
 * @param handlerThreads threads of the owned handler pool (ignored when an executor is passed in)
 * @param handlerQueue requests that may wait for a handler thread; beyond it 429 {@code Throttling}
 * @param authFailureLimit failed Basic logins from one remote address, within {@code authFailureWindow}, after which
 *     that address gets 429 {@code Throttling} until the window ends (0 = no damping)
 * @param authFailureWindow the damping window, counted from the first failure
 * @param idleTimeout an idle keep-alive connection is closed after this long
 * @param shutdownTimeout how long {@code stop()} waits for running handlers and the event loops
 */
public record AdminServerSettings(
    int maxBodyBytes,
    int handlerThreads,
    int handlerQueue,
    int authFailureLimit,
    Duration authFailureWindow,
    Duration idleTimeout,
    Duration shutdownTimeout) {

  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

  public AdminServerSettings {
    if (maxBodyBytes < 1 || handlerThreads < 1 || handlerQueue < 1 || authFailureLimit < 0) {
      throw new IllegalArgumentException("admin server sizes must be positive (auth failure limit >= 0)");
    }
    if (authFailureWindow.isNegative() || idleTimeout.isNegative() || shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("admin server durations must not be negative");
    }
  }

  public static AdminServerSettings defaults() {
    return new AdminServerSettings(DEFAULT_MAX_BODY_BYTES, 8, 256, 10, Duration.ofMinutes(5), Duration.ofSeconds(60),
        Duration.ofSeconds(10));
  }

  public AdminServerSettings withMaxBodyBytes(int value) {
    return new AdminServerSettings(value, handlerThreads, handlerQueue, authFailureLimit, authFailureWindow,
        idleTimeout, shutdownTimeout);
  }

  public AdminServerSettings withHandlerPool(int threads, int queue) {
    return new AdminServerSettings(maxBodyBytes, threads, queue, authFailureLimit, authFailureWindow, idleTimeout,
        shutdownTimeout);
  }

  public AdminServerSettings withAuthDamping(int limit, Duration window) {
    return new AdminServerSettings(maxBodyBytes, handlerThreads, handlerQueue, limit, window, idleTimeout,
        shutdownTimeout);
  }
}
