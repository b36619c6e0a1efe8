package io.mqttbroker.core.security.revocation;

import java.util.function.Consumer;

/**
 * Where auth modules announce what they took away. The broker subscribes to act on live sessions; modules subscribe
 * to evict their caches. {@link #publish} is thread-safe, returns without waiting for subscribers to finish their
 * work on live sessions, and may be called from any thread.
 */
public interface RevocationBus {
  void publish(Revocation revocation);

  /** Registers a listener called for every revocation, on the publishing thread; it must not block. */
  void subscribe(Consumer<Revocation> listener);
}
