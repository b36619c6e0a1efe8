package io.mqttbroker.auth.custom.identity;

import io.mqttbroker.auth.custom.Params;

/**
 * How a custom identity's password is made from its secret: SIGNED = Base64(HMAC-SHA1(key = secret, data = client
 * id)); ORIGIN = the secret itself.
 */
public enum SignMode {
  SIGNED,
  ORIGIN;

  /** Parses {@code SIGNED} or {@code ORIGIN}; anything else is {@code InvalidParameter.SignMode}. */
  public static SignMode parse(String value) {
    return Params.parseEnum(SignMode.class, value, "SignMode");
  }
}
