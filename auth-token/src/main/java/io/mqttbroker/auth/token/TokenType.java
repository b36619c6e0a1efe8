package io.mqttbroker.auth.token;

import java.util.Optional;

/**
 * The permission type of a token: R (subscribe), W (publish) or RW (both). ApplyToken names them by their actions
 * ({@code R}, {@code W}, {@code R,W}); clients label them {@code R}, {@code W}, {@code RW} in the CONNECT password, in
 * {@code $SYS/uploadToken} and in the notices.
 */
public enum TokenType {
  R("R"),
  W("W"),
  RW("R,W");

  private final String actions;

  TokenType(String actions) {
    this.actions = actions;
  }

  /** The ApplyToken {@code actions} value of this type. */
  public String actions() {
    return actions;
  }

  /** Whether a token of this type allows PUBLISH. */
  public boolean allowsPublish() {
    return this != R;
  }

  /** Whether a token of this type allows SUBSCRIBE. */
  public boolean allowsSubscribe() {
    return this != W;
  }

  /** The type named by an ApplyToken {@code actions} value: exactly {@code R}, {@code W} or {@code R,W}. */
  public static Optional<TokenType> fromActions(String actions) {
    for (TokenType type : values()) {
      if (type.actions.equals(actions)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** The type named by a client label: exactly {@code R}, {@code W} or {@code RW} (case-sensitive). */
  public static Optional<TokenType> fromLabel(String label) {
    return switch (label) {
      case "R" -> Optional.of(R);
      case "W" -> Optional.of(W);
      case "RW" -> Optional.of(RW);
      default -> Optional.empty();
    };
  }
}
