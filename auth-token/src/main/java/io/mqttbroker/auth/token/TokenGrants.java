package io.mqttbroker.auth.token;

import io.mqttbroker.core.security.spi.Grants;
import io.mqttbroker.core.security.spi.Principal;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The tokens of one token-mode session, at most one per type. Immutable: an upload builds a new instance. */
public record TokenGrants(Map<TokenType, GrantedToken> tokens) implements Grants {
  public static final String MODE = "token";
  /** The revocation key prefix of access keys, as the access-key service announces their deletion. */
  static final String ACCESS_KEY_PREFIX = "accessKey:";

  public TokenGrants {
    for (Map.Entry<TokenType, GrantedToken> e : tokens.entrySet()) {
      if (e.getKey() != e.getValue().type()) {
        throw new IllegalArgumentException("token of type " + e.getValue().type() + " filed under " + e.getKey());
      }
    }
    tokens = Map.copyOf(tokens);
  }

  public Optional<GrantedToken> token(TokenType type) {
    return Optional.ofNullable(tokens.get(type));
  }

  /** These grants with {@code token} in place of the session's token of the same type (or added). */
  public TokenGrants with(GrantedToken token) {
    Map<TokenType, GrantedToken> copy = new EnumMap<>(TokenType.class);
    copy.putAll(tokens);
    copy.put(token.type(), token);
    return new TokenGrants(copy);
  }

  /**
   * The principal of a token-mode session: named by its access key, reached by revocations of that key, of the
   * client id and of each of its tokens.
   */
  public Principal principal(String accessKeyId, String clientId) {
    Set<String> keys = new HashSet<>();
    keys.add(ACCESS_KEY_PREFIX + accessKeyId);
    keys.add("clientId:" + clientId);
    for (GrantedToken token : tokens.values()) {
      keys.add(TokenService.REVOCATION_PREFIX + token.hash());
    }
    return new Principal(MODE, accessKeyId, this, keys);
  }

  @Override
  public String toString() {
    return "TokenGrants" + tokens.keySet();
  }
}
