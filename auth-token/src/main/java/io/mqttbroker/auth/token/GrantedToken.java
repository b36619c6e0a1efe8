package io.mqttbroker.auth.token;

import io.mqttbroker.core.topic.Topics;
import java.util.List;

/**
 * One token of a live session, as the authorizer needs it: no token in clear, only its hash.
 *
 * @param type the permission type
 * @param resources granted topics and filters
 * @param expireTime epoch milliseconds
 * @param hash hex SHA-256 of the token (its revocation key is {@code token:<hash>})
 */
public record GrantedToken(TokenType type, List<String> resources, long expireTime, String hash) {
  public GrantedToken {
    resources = List.copyOf(resources);
  }

  static GrantedToken of(TokenRecord record) {
    return new GrantedToken(record.type(), record.resources(), record.expireTime(), record.hash());
  }

  public boolean isExpiredAt(long nowMillis) {
    return nowMillis >= expireTime;
  }

  /** Whether one of the resources matches the topic name of a PUBLISH. */
  public boolean matchesTopic(String topic) {
    for (int i = 0; i < resources.size(); i++) {
      if (Topics.matches(resources.get(i), topic)) {
        return true;
      }
    }
    return false;
  }

  /** Whether one of the resources covers every topic the SUBSCRIBE filter can match. */
  public boolean coversFilter(String filter) {
    for (int i = 0; i < resources.size(); i++) {
      if (Topics.covers(resources.get(i), filter)) {
        return true;
      }
    }
    return false;
  }
}
