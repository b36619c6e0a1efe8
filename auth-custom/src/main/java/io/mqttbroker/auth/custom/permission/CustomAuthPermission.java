package io.mqttbroker.auth.custom.permission;

import io.mqttbroker.auth.custom.CustomAuthException;
import io.mqttbroker.auth.custom.IdentityType;
import io.mqttbroker.auth.custom.Params;
import io.mqttbroker.core.topic.Topics;
import java.util.Optional;

/**
 * One permission rule; key identity type + identity + topic.
 *
 * @param identity a username (USER) or a client id (CLIENT)
 * @param topic a topic name or a filter with {@code +}/{@code #}
 */
public record CustomAuthPermission(
    IdentityType identityType, String identity, String topic, PermitAction permitAction, Effect effect) {
  public static final int MAX_IDENTITY = 128;
  public static final int MAX_TOPIC = 1024;

  /**
   * A validated rule: enums present, identity 1..128 characters, topic a valid topic or filter
   * ({@code InvalidParameter.Topic} otherwise).
   */
  public static CustomAuthPermission of(
      IdentityType identityType, String identity, String topic, PermitAction permitAction, Effect effect) {
    if (permitAction == null) {
      throw CustomAuthException.invalid("PermitAction", "PermitAction is required");
    }
    if (effect == null) {
      throw CustomAuthException.invalid("Effect", "Effect is required");
    }
    PermissionKey key = PermissionKey.of(identityType, identity, topic);
    return new CustomAuthPermission(key.identityType(), key.identity(), key.topic(), permitAction, effect);
  }

  public PermissionKey key() {
    return new PermissionKey(identityType, identity, topic);
  }

  /** The key of a rule. */
  public record PermissionKey(IdentityType identityType, String identity, String topic) {
    /** Validates the parts ({@code InvalidParameter.IdentityType / Identity / Topic}). */
    public static PermissionKey of(IdentityType identityType, String identity, String topic) {
      if (identityType == null) {
        throw CustomAuthException.invalid("IdentityType", "IdentityType is required");
      }
      String id = Params.text(identity, "Identity", MAX_IDENTITY);
      String t = Params.text(topic, "Topic", MAX_TOPIC);
      Optional<String> problem = Topics.validateFilter(t);
      if (problem.isEmpty() && t.startsWith(Topics.SHARE_PREFIX)) {
        // Authorization sees the filter without its $share/<group>/ prefix, so such a rule could never apply.
        problem = Optional.of("a rule names the topic or filter itself, not a $share/ subscription");
      }
      if (problem.isPresent()) {
        throw CustomAuthException.invalid("Topic", "Topic '" + t + "' is not a valid topic or filter: "
            + problem.get());
      }
      return new PermissionKey(identityType, id, t);
    }

    @Override
    public String toString() {
      return identityType + " " + identity + " " + topic;
    }
  }
}
