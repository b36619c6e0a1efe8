package io.mqttbroker.server.testing;

import io.mqttbroker.core.security.spi.Signatures;

/** Builds device-side passwords the way a device written for the reference service does. */
public final class Passwords {
  private Passwords() {}

  /** Base64(HMAC-SHA1(secret, clientId)). */
  public static String signed(String secret, String clientId) {
    return Signatures.hmacSha1Base64(secret, clientId);
  }
}
