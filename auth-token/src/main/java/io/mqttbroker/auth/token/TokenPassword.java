package io.mqttbroker.auth.token;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CONNECT password of token mode: {@code <type>|<token>} pairs joined by {@code |}, type R, W or RW, at most one
 * per type, in any order ({@code R|t1|W|t2}, {@code RW|t}). Tokens never contain {@code |}, so splitting is exact.
 * {@link #toString()} never shows the tokens.
 */
public record TokenPassword(Map<TokenType, String> tokens) {
  public TokenPassword {
    tokens = Map.copyOf(tokens);
  }

  /** The tokens of a password, or empty when it is not a well-formed token password. */
  public static Optional<TokenPassword> parse(String password) {
    if (password.isEmpty()) {
      return Optional.empty();
    }
    String[] parts = password.split("\\|", -1);
    if (parts.length % 2 != 0 || parts.length > 2 * TokenType.values().length) {
      return Optional.empty();
    }
    Map<TokenType, String> tokens = new EnumMap<>(TokenType.class);
    for (int i = 0; i < parts.length; i += 2) {
      Optional<TokenType> type = TokenType.fromLabel(parts[i]);
      String token = parts[i + 1];
      if (type.isEmpty() || token.isEmpty() || tokens.putIfAbsent(type.get(), token) != null) {
        return Optional.empty();
      }
    }
    return Optional.of(new TokenPassword(tokens));
  }

  @Override
  public String toString() {
    return "TokenPassword" + tokens.keySet();
  }
}
