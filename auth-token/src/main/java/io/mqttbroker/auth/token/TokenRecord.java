package io.mqttbroker.auth.token;

import java.util.List;

/**
 * A stored token. The token itself is never kept: only its SHA-256 hash.
 *
 * @param hash hex SHA-256 of the token ({@code Signatures.sha256Hex})
 * @param instanceId the instance the token was applied for
 * @param accessKeyId the access key that applied for it (its issuer)
 * @param type the permission type
 * @param resources the granted topics and filters, sorted, without duplicates
 * @param expireTime epoch milliseconds after which the token is unusable
 * @param createTime epoch milliseconds
 * @param revoked whether RevokeToken was called for it
 */
public record TokenRecord(
    String hash,
    String instanceId,
    String accessKeyId,
    TokenType type,
    List<String> resources,
    long expireTime,
    long createTime,
    boolean revoked) {

  public TokenRecord {
    resources = List.copyOf(resources);
  }

  public boolean isExpiredAt(long nowMillis) {
    return nowMillis >= expireTime;
  }
}
