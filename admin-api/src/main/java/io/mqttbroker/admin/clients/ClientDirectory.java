package io.mqttbroker.admin.clients;

import java.util.Optional;

/**
 * The live MQTT sessions as the admin API sees them; implemented by the broker over its session registry. Called
 * on the admin handler pool, so it may wait briefly, but it should answer from memory.
 */
public interface ClientDirectory {

  /** The client connected with {@code clientId}, if any. */
  Optional<ClientInfo> find(String clientId);

  /** Closes the connection of {@code clientId}; false when no such client is connected. */
  boolean disconnect(String clientId);
}
