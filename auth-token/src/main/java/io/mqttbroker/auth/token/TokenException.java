package io.mqttbroker.auth.token;

/**
 * A refused token operation with the admin API's stable machine code ({@code InvalidParameter.Resources},
 * {@code ApplyTokenOverFlow}, {@code InvalidParameter.Actions}, {@code InvalidParameter.ExpireTime},
 * {@code TokenNotFound}, {@code Forbidden}). Messages never contain a token.
 */
public class TokenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** How the admin API answers it. */
  public enum Kind {
    INVALID_PARAMETER,
    NOT_FOUND,
    FORBIDDEN
  }

  private final Kind kind;
  private final String code;

  public TokenException(Kind kind, String code, String message) {
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

  static TokenException invalid(String code, String message) {
    return new TokenException(Kind.INVALID_PARAMETER, code, message);
  }
}
