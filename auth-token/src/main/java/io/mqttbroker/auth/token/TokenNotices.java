package io.mqttbroker.auth.token;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The broker-to-client notices of token mode and their JSON payloads. */
public final class TokenNotices {
  public static final String UPLOAD_TOPIC = "$SYS/uploadToken";
  public static final String EXPIRE_NOTICE_TOPIC = "$SYS/tokenExpireNotice";
  public static final String INVALID_NOTICE_TOPIC = "$SYS/tokenInvalidNotice";

  public static final int CODE_FORGED = 1;
  public static final int CODE_EXPIRED = 2;
  public static final int CODE_REVOKED = 3;
  public static final int CODE_RESOURCE_NOT_COVERED = 4;
  public static final int CODE_TYPE_MISMATCH = 5;
  public static final int CODE_ACCOUNT_INVALID = -1;

  private TokenNotices() {}

  /** {@code {"code":<code>,"type":"<type>"}}. */
  public static byte[] invalid(int code, TokenType type) {
    return ("{\"code\":" + code + ",\"type\":\"" + type.name() + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** {@code {"code":<code>}} plus the type when it is known (an upload with an unreadable type has none). */
  public static byte[] invalid(int code, Optional<TokenType> type) {
    return type.map(t -> invalid(code, t))
        .orElseGet(() -> ("{\"code\":" + code + "}").getBytes(StandardCharsets.UTF_8));
  }

  /** {@code {"expireTime":<ms>,"type":"<type>"}}. */
  public static byte[] expire(long expireTime, TokenType type) {
    return ("{\"expireTime\":" + expireTime + ",\"type\":\"" + type.name() + "\"}").getBytes(StandardCharsets.UTF_8);
  }
}
