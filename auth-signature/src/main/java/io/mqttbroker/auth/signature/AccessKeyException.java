package io.mqttbroker.auth.signature;

/**
 * An access-key operation refused for a reason the caller can fix or must know. {@link #code()} is the stable machine
 * code the admin API answers with; the message never contains a secret.
 */
public final class AccessKeyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** No access key has the id (admin API 404). */
  public static final String NOT_FOUND = "AccessKeyNotFound";
  /** A policy statement breaks the rules of {@link Policies}; the message names it (admin API 400). */
  public static final String INVALID_POLICIES = "InvalidParameter.Policies";
  /** The description is too long (admin API 400). */
  public static final String INVALID_DESCRIPTION = "InvalidParameter.Description";
  /** The list's next token was not made by this service (admin API 400). */
  public static final String INVALID_NEXT_TOKEN = "InvalidParameter.NextToken";
  /** The owner key can be neither deleted nor restricted (admin API 403). */
  public static final String OWNER_KEY_PROTECTED = "OwnerKeyProtected";

  private final String code;

  public AccessKeyException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** A stable machine code, e.g. {@value #NOT_FOUND}. */
  public String code() {
    return code;
  }

  static AccessKeyException notFound(String accessKeyId) {
    return new AccessKeyException(NOT_FOUND, "no access key " + accessKeyId);
  }
}
