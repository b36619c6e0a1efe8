package io.mqttbroker.bench.load;

import java.util.Optional;

/**
 * A broker under test, as given on the command line.
 *
 * @param name how the result lines name it ({@code mqtt-broker}, {@code mosquitto}, ...)
 * @param host MQTT host
 * @param port MQTT port
 * @param admin base URL of this broker's admin API ({@code http://127.0.0.1:28080}): credentials of the four
 *     authentication modes are created through it; empty for a broker with a plain username and password
 * @param ownerId owner access key id (with {@code admin})
 * @param ownerSecret owner access key secret (with {@code admin}); never printed
 * @param instanceId the instance id the usernames name (with {@code admin})
 * @param username the username of every client (without {@code admin}; empty: none sent)
 * @param password the password of every client (without {@code admin})
 * @param pid the broker's process id, for its resident memory; 0 when unknown
 * @param jvm whether the broker is a JVM: a full GC ({@code jcmd <pid> GC.run}) precedes each memory reading
 * @param authLabel how the result lines name the authentication of a target without {@code admin}
 */
record Target(String name, String host, int port, Optional<String> admin, String ownerId, String ownerSecret,
    String instanceId, String username, String password, long pid, boolean jvm, String authLabel) {

  boolean hasAdmin() {
    return admin.isPresent();
  }

  @Override
  public String toString() {
    return name + "@" + host + ":" + port;
  }
}
