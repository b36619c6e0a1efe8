package io.mqttbroker.auth.custom.permission;

import io.mqttbroker.auth.custom.Params;

/** Whether a matching rule allows or denies. Any matching DENY wins over every ALLOW. */
public enum Effect {
  ALLOW,
  DENY;

  /** Parses ALLOW or DENY; anything else is {@code InvalidParameter.Effect}. */
  public static Effect parse(String value) {
    return Params.parseEnum(Effect.class, value, "Effect");
  }
}
