package io.mqttbroker.auth.custom;

import java.util.Locale;

/** Validation of operation parameters, failing with {@code InvalidParameter.<Field>}. Module-internal helper. */
public final class Params {
  private Params() {}

  /** The constant of {@code type} named {@code value} (case-insensitive), else {@code InvalidParameter.<field>}. */
  public static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String field) {
    if (value != null) {
      String wanted = value.trim().toUpperCase(Locale.ROOT);
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equals(wanted)) {
          return constant;
        }
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E constant : type.getEnumConstants()) {
      allowed.append(allowed.length() == 0 ? "" : ", ").append(constant.name());
    }
    throw CustomAuthException.invalid(field, field + " must be one of " + allowed);
  }

  /** {@code value} when it is non-blank and at most {@code maxLength} characters, else {@code InvalidParameter.<field>}. */
  public static String text(String value, String field, int maxLength) {
    if (value == null || value.isBlank()) {
      throw CustomAuthException.invalid(field, field + " is required");
    }
    if (value.length() > maxLength) {
      throw CustomAuthException.invalid(field, field + " is longer than " + maxLength + " characters");
    }
    return value;
  }
}
