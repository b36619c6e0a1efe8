package io.mqttbroker.core.security.spi;

/**
 * Optional hooks into the life of an authenticated connection, for modes that act on live sessions (token expiry
 * notices). Called on the client's event loop: do not block.
 */
public interface SessionListener {
  /** The CONNACK accepting the client has been written. */
  default void onConnected(ClientContext client) {}

  /** The connection is closed (for any reason). */
  default void onDisconnected(ClientContext client) {}
}
