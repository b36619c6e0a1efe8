package io.mqttbroker.auth.signature;

import java.util.List;

/**
 * An access key without its secret: what listings show.
 *
 * @param accessKeyId public id
 * @param description free text
 * @param owner whether this is the owner key
 * @param policies what a non-owner key may do in signature mode
 * @param createTime epoch milliseconds
 */
public record AccessKeySummary(
    String accessKeyId, String description, boolean owner, List<PolicyStatement> policies, long createTime) {

  public AccessKeySummary {
    policies = List.copyOf(policies);
  }

  public static AccessKeySummary of(AccessKey key) {
    return new AccessKeySummary(key.accessKeyId(), key.description(), key.owner(), key.policies(), key.createTime());
  }
}
