package io.mqttbroker.core.security.spi;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * A live, authenticated client as auth modules see it. Thread-safe: every method may be called from any thread; the
 * broker hops to the client's event loop itself.
 */
public interface ClientContext {
  String clientId();

  Optional<String> username();

  int protocolVersion();

  SocketAddress remoteAddress();

  /** The principal currently in force for this client. */
  Principal principal();

  /** Replaces the principal of this live session (for example after an in-band token upload). */
  void replacePrincipal(Principal principal);

  /**
   * Sends a message to this client only, without any subscription (used for {@code $SYS/...} notices). QoS 1 so that
   * a client's default message callback receives it; never routed to other clients.
   */
  void sendSystemMessage(String topic, byte[] payload);

  /** Sends any queued writes, then closes the connection (MQTT 5: DISCONNECT with reason code 0x87 first). */
  void disconnect(String reason);

  /**
   * Runs {@code task} after {@code delay} unless the client has disconnected by then; the returned handle cancels it.
   */
  Cancellable schedule(Duration delay, Runnable task);

  /** Whether the connection is still open. */
  boolean isConnected();

  /** A handle to cancel a scheduled task. */
  interface Cancellable {
    void cancel();
  }
}
