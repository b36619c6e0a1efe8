package io.mqttbroker.auth.token;

/**
 * What the store says about a presented token. Only {@link Valid} may be used; the others name the
 * {@code $SYS/tokenInvalidNotice} code that describes them.
 */
public sealed interface TokenCheck {

  /** Known, unrevoked, unexpired, and its issuing access key still exists. */
  record Valid(TokenRecord token) implements TokenCheck {}

  /** Never applied for (or purged): forged, code 1. */
  record Unknown() implements TokenCheck {}

  /** Revoked: code 3. */
  record Revoked(TokenRecord token) implements TokenCheck {}

  /** Past its expireTime: code 2. */
  record Expired(TokenRecord token) implements TokenCheck {}

  /** The access key that applied for it no longer exists: code -1 (account no longer valid). */
  record IssuerGone(TokenRecord token) implements TokenCheck {}

  TokenCheck UNKNOWN = new Unknown();

  /** The {@code $SYS/tokenInvalidNotice} code for an unusable token. */
  static int noticeCode(TokenCheck check) {
    if (check instanceof Revoked) {
      return TokenNotices.CODE_REVOKED;
    }
    if (check instanceof Expired) {
      return TokenNotices.CODE_EXPIRED;
    }
    if (check instanceof IssuerGone) {
      return TokenNotices.CODE_ACCOUNT_INVALID;
    }
    return TokenNotices.CODE_FORGED;
  }
}
