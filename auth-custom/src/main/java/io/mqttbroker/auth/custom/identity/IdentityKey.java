package io.mqttbroker.auth.custom.identity;

import io.mqttbroker.auth.custom.IdentityType;
import io.mqttbroker.auth.custom.Params;
import java.util.Optional;

/**
 * The key of an identity: USER by username alone (a client id given with it is ignored), CLIENT by username and client
 * id.
 *
 * @param clientId the client id of a CLIENT identity; empty string for USER
 */
public record IdentityKey(IdentityType type, String username, String clientId) {
  public static final int MAX_USERNAME = 64;
  public static final int MAX_CLIENT_ID = 128;
  private static final String USER_SESSION_PREFIX = "customIdentity:USER:";
  private static final String CLIENT_SESSION_PREFIX = "customIdentity:CLIENT:";

  /** Validates and normalises the parts ({@code InvalidParameter.Username} / {@code InvalidParameter.ClientId}). */
  public static IdentityKey of(IdentityType type, String username, Optional<String> clientId) {
    String name = Params.text(username, "Username", MAX_USERNAME);
    if (type == IdentityType.USER) {
      return new IdentityKey(type, name, "");
    }
    return new IdentityKey(type, name, Params.text(clientId.orElse(null), "ClientId", MAX_CLIENT_ID));
  }

  public static IdentityKey user(String username) {
    return new IdentityKey(IdentityType.USER, username, "");
  }

  public static IdentityKey client(String username, String clientId) {
    return new IdentityKey(IdentityType.CLIENT, username, clientId);
  }

  /**
   * The revocation key of the live sessions that this identity let in, and only those: a USER identity's key must not
   * reach a client of the same username that its CLIENT identity let in, nor a CLIENT identity's key a client of the
   * same client id let in under another username. (The permission keys of {@link IdentityType#revocationKey} are
   * broader on purpose: rules apply by username and by client id whatever identity admitted the client.) The client
   * id's length goes first so that no two (username, client id) pairs can spell the same key.
   */
  public String sessionKey() {
    return type == IdentityType.USER ? USER_SESSION_PREFIX + username
        : CLIENT_SESSION_PREFIX + clientId.length() + ":" + clientId + ":" + username;
  }

  /** The identity whose {@link #sessionKey()} is {@code key}, if it is one (a revocation heard from the bus). */
  public static Optional<IdentityKey> fromSessionKey(String key) {
    if (key.startsWith(USER_SESSION_PREFIX)) {
      return Optional.of(user(key.substring(USER_SESSION_PREFIX.length())));
    }
    if (!key.startsWith(CLIENT_SESSION_PREFIX)) {
      return Optional.empty();
    }
    String rest = key.substring(CLIENT_SESSION_PREFIX.length());
    int colon = rest.indexOf(':');
    try {
      int length = Integer.parseInt(rest.substring(0, Math.max(colon, 0)));
      if (length < 0 || length > rest.length()) {
        return Optional.empty();
      }
      int end = colon + 1 + length;
      if (end >= rest.length() || rest.charAt(end) != ':') {
        return Optional.empty();
      }
      return Optional.of(client(rest.substring(end + 1), rest.substring(colon + 1, end)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return type == IdentityType.USER ? "USER " + username : "CLIENT " + username + " / " + clientId;
  }
}
