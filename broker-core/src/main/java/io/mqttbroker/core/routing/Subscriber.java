package io.mqttbroker.core.routing;

/** Where the router hands a matched message: a session. Must not block; called from any event loop. */
public interface Subscriber {
  /** Delivers {@code message}, already downgraded to the subscription's QoS. */
  void deliver(Message message);

  /** Whether a client is connected to take messages now (shared subscriptions prefer such members). */
  default boolean isOnline() {
    return true;
  }
}
