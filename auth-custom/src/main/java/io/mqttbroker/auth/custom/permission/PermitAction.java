package io.mqttbroker.auth.custom.permission;

import io.mqttbroker.auth.custom.Params;
import io.mqttbroker.core.security.spi.Action;

/** What a permission rule is about: publishing, subscribing, or both. */
public enum PermitAction {
  PUB(1),
  SUB(2),
  PUB_SUB(3);

  private final int bits;

  PermitAction(int bits) {
    this.bits = bits;
  }

  /** Whether a rule with this action applies to {@code action}. */
  public boolean covers(Action action) {
    return (bits & bit(action)) != 0;
  }

  static int bit(Action action) {
    return action == Action.PUBLISH ? 1 : 2;
  }

  int bits() {
    return bits;
  }

  /** Parses PUB, SUB or PUB_SUB; anything else is {@code InvalidParameter.PermitAction}. */
  public static PermitAction parse(String value) {
    return Params.parseEnum(PermitAction.class, value, "PermitAction");
  }
}
