package io.mqttbroker.bench.load;

import io.mqttbroker.core.security.spi.Signatures;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * What one client sends in its CONNECT: a username (null: none) and a password (null: none). {@link #toString()} hides
 * the password.
 */
record Credentials(String username, byte[] password) {

  /** The CONNECT credentials of a client id, in one authentication mode. */
  interface Source extends Function<String, Credentials> {
    /** The mode's name in the result lines. */
    String mode();
  }

  static Source fixed(String mode, String username, String password) {
    Credentials same = new Credentials(username == null || username.isEmpty() ? null : username,
        password == null || password.isEmpty() ? null : password.getBytes(StandardCharsets.UTF_8));
    return source(mode, clientId -> same);
  }

  /** Username as given, password Base64(HMAC-SHA1(secret, client id)): signature, device credential, custom SIGNED. */
  static Source signed(String mode, String username, String secret) {
    return source(mode, clientId -> new Credentials(username,
        Signatures.hmacSha1Base64(secret, clientId).getBytes(StandardCharsets.UTF_8)));
  }

  /** One credential per client id (device credential mode): username and secret by client id. */
  static Source perClient(String mode, Map<String, String[]> usernameAndSecretByClientId) {
    return source(mode, clientId -> {
      String[] pair = usernameAndSecretByClientId.get(clientId);
      if (pair == null) {
        throw new IllegalArgumentException("no credential registered for client " + clientId);
      }
      return new Credentials(pair[0], Signatures.hmacSha1Base64(pair[1], clientId).getBytes(StandardCharsets.UTF_8));
    });
  }

  private static Source source(String mode, Function<String, Credentials> f) {
    return new Source() {
      @Override
      public Credentials apply(String clientId) {
        return f.apply(clientId);
      }

      @Override
      public String mode() {
        return mode;
      }
    };
  }

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=<hidden>]";
  }
}
