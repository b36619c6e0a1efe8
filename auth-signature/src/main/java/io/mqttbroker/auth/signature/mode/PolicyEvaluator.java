package io.mqttbroker.auth.signature.mode;

import io.mqttbroker.auth.signature.Policies;
import io.mqttbroker.auth.signature.PolicyStatement;
import io.mqttbroker.auth.signature.mode.SignatureGrants.GroupVerdict;
import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.topic.Topics;
import java.util.List;
import java.util.Optional;

/**
 * Judges a non-owner access key's statements (AUTH-SPEC section 6). Deny wins; no statement: deny.
 *
 * <p>How group and topic statements combine: <b>a group statement restricts, it never grants.</b> A PUBLISH or
 * SUBSCRIBE always needs a topic statement that allows it. Group statements decide, at CONNECT and for the client's
 * group (the part of its client id before {@code @@@}), whether topic statements get a say at all: a Deny naming the
 * group refuses the action for the whole session; Allow statements scope the key to the groups they name, so a client
 * of another group - or of none - may not use that action with this key; a key without group Allow statements for an
 * action is not restricted by group for it. This follows the reference, where the group permission (RAM {@code mq:SUB}
 * on {@code groupId/...}) is checked beside the topic permission and grants no topic by itself.
 */
final class PolicyEvaluator {
  private PolicyEvaluator() {}

  /** Whether the statements allow {@code action} on a topic (PUBLISH) or filter (SUBSCRIBE). */
  static boolean allowsTopic(List<PolicyStatement> policies, Action action, String topic) {
    String wanted = actionName(action);
    boolean allowed = false;
    for (PolicyStatement statement : policies) {
      if (!statement.actions().contains(wanted)) {
        continue;
      }
      boolean deny = Policies.DENY.equals(statement.effect());
      for (String resource : statement.resources()) {
        if (!resource.startsWith(Policies.TOPIC_PREFIX)) {
          continue;
        }
        String filter = resource.substring(Policies.TOPIC_PREFIX.length());
        if (applies(filter, action, topic, deny)) {
          if (deny) {
            return false;
          }
          allowed = true;
        }
      }
    }
    return allowed;
  }

  // A PUBLISH is judged on its topic. A SUBSCRIBE is allowed by a filter that covers the requested one, and denied by
  // any that shares a topic with it: otherwise "Deny a/secret" + "Allow a/#" would let a/# deliver a/secret.
  private static boolean applies(String filter, Action action, String topic, boolean deny) {
    if (action == Action.PUBLISH) {
      return Topics.matches(filter, topic);
    }
    return deny ? Topics.intersects(filter, topic) : Topics.covers(filter, topic);
  }

  /** The verdict of the group statements for {@code action} and the client's group. */
  static GroupVerdict judgeGroup(List<PolicyStatement> policies, Action action, Optional<String> group) {
    String wanted = actionName(action);
    boolean scoped = false;
    boolean allowed = false;
    for (PolicyStatement statement : policies) {
      if (!statement.actions().contains(wanted)) {
        continue;
      }
      boolean allow = Policies.ALLOW.equals(statement.effect());
      for (String resource : statement.resources()) {
        if (!resource.startsWith(Policies.GROUP_PREFIX)) {
          continue;
        }
        scoped |= allow;
        boolean names = group.isPresent() && resource.substring(Policies.GROUP_PREFIX.length()).equals(group.get());
        if (names && !allow) {
          return GroupVerdict.DENIED;
        }
        allowed |= names;
      }
    }
    return allowed ? GroupVerdict.ALLOWED : scoped ? GroupVerdict.NOT_LISTED : GroupVerdict.UNRESTRICTED;
  }

  /** The group of a client id: the part before {@code @@@}; none without one. */
  static Optional<String> groupOf(String clientId) {
    int separator = clientId.indexOf("@@@");
    return separator <= 0 ? Optional.empty() : Optional.of(clientId.substring(0, separator));
  }

  private static String actionName(Action action) {
    return action == Action.PUBLISH ? Policies.PUBLISH : Policies.SUBSCRIBE;
  }
}
