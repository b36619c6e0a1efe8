package io.mqttbroker.auth.custom;

/**
 * A refused custom-auth operation with the stable code of the admin API (AUTH-SPEC.md section 5, ADMIN-API.md). The
 * admin routes map {@link Kind} to the HTTP status; the message never contains a secret.
 */
public final class CustomAuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, which decides the HTTP status. */
  public enum Kind {
    /** Bad input: 400. */
    INVALID,
    /** Add on an existing key: 409. */
    DUPLICATE,
    /** Update or delete of a missing key: 404. */
    NOT_FOUND,
    /** identities + permissions + blacklist entries would exceed the instance's maximum connections: 400. */
    OVER_CAPACITY
  }

  public static final String DUPLICATE_CODE = "InvalidParameter.Duplicate";
  public static final String OVER_CAPACITY_CODE = "Customauth.over.capacity";

  private final Kind kind;
  private final String code;

  public CustomAuthException(Kind kind, String code, String message) {
    super(message);
    this.kind = kind;
    this.code = code;
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }

  /** {@code InvalidParameter.<field>}, e.g. {@code InvalidParameter.Topic}. */
  public static CustomAuthException invalid(String field, String message) {
    return new CustomAuthException(Kind.INVALID, "InvalidParameter." + field, message);
  }

  public static CustomAuthException duplicate(String message) {
    return new CustomAuthException(Kind.DUPLICATE, DUPLICATE_CODE, message);
  }

  public static CustomAuthException notFound(String code, String message) {
    return new CustomAuthException(Kind.NOT_FOUND, code, message);
  }

  public static CustomAuthException overCapacity() {
    return new CustomAuthException(Kind.OVER_CAPACITY, OVER_CAPACITY_CODE, "Over custom auth capacity");
  }
}
