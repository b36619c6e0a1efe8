package io.mqttbroker.auth.signature;

import java.util.List;

/**
 * An access key: the credential of an application server (admin API caller, token issuer) and of signature-mode
 * clients. {@link #toString()} never shows the secret.
 *
 * @param accessKeyId public id
 * @param accessKeySecret the secret (recoverable: HMAC verification needs it)
 * @param description free text
 * @param owner whether this is the owner key (allowed everything, manages other keys)
 * @param policies what a non-owner key may do in signature mode
 * @param createTime epoch milliseconds
 */
public record AccessKey(
    String accessKeyId,
    String accessKeySecret,
    String description,
    boolean owner,
    List<PolicyStatement> policies,
    long createTime) {

  public AccessKey {
    policies = List.copyOf(policies);
  }

  @Override
  public String toString() {
    return "AccessKey[" + accessKeyId + ", owner=" + owner + ", policies=" + policies.size() + "]";
  }
}
