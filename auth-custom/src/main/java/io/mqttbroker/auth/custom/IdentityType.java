package io.mqttbroker.auth.custom;

/**
 * Who an identity or a permission is for: USER = a username, shared by every client that connects with it (the client
 * id is ignored); CLIENT = a username together with one client id, or for permissions that one client id.
 */
public enum IdentityType {
  USER,
  CLIENT;

  /** Parses {@code USER} or {@code CLIENT}; anything else is {@code InvalidParameter.IdentityType}. */
  public static IdentityType parse(String value) {
    return Params.parseEnum(IdentityType.class, value, "IdentityType");
  }

  /** The revocation key that reaches the live sessions of {@code identity} (a username or a client id). */
  public String revocationKey(String identity) {
    return (this == USER ? "customUser:" : "customClient:") + identity;
  }
}
