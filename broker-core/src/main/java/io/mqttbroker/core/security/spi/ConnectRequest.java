package io.mqttbroker.core.security.spi;

import java.net.SocketAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a client presented in its CONNECT packet, handed to each {@link Authenticator} of the chain.
 *
 * @param clientId the client id (already assigned by the broker when the client sent an empty one)
 * @param username the username, if the CONNECT carried one
 * @param password the password bytes, if the CONNECT carried one; never log them
 * @param protocolVersion 4 for MQTT 3.1.1, 5 for MQTT 5
 * @param remoteAddress the peer address of the connection
 * @param tlsCommonName subject CN of a verified client certificate (mutual TLS), if any
 */
public record ConnectRequest(
    String clientId,
    Optional<String> username,
    Optional<byte[]> password,
    int protocolVersion,
    SocketAddress remoteAddress,
    Optional<String> tlsCommonName) {

  /** The password decoded as UTF-8, or an empty string when there is none. */
  public String passwordAsString() {
    return password.map(p -> new String(p, java.nio.charset.StandardCharsets.UTF_8)).orElse("");
  }

  @Override
  public String toString() {
    // Deliberately leaves the password out so that logging a request never leaks it.
    return "ConnectRequest[clientId=" + clientId + ", username=" + username.orElse("") + ", password="
        + password.map(p -> "<" + p.length + " bytes>").orElse("<none>") + ", protocolVersion=" + protocolVersion
        + ", remoteAddress=" + remoteAddress + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectRequest other && clientId.equals(other.clientId) && username.equals(other.username)
        && Arrays.equals(password.orElse(null), other.password.orElse(null))
        && protocolVersion == other.protocolVersion;
  }

  @Override
  public int hashCode() {
    return clientId.hashCode() * 31 + username.hashCode();
  }
}
