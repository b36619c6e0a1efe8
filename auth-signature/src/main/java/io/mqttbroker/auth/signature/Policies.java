package io.mqttbroker.auth.signature;

import io.mqttbroker.core.topic.Topics;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The vocabulary of access-key policies (AUTH-SPEC section 6) and the rules a statement must follow before it is
 * stored: effect {@code Allow} or {@code Deny}; actions a non-empty subset of {@code mq:PUB}, {@code mq:SUB};
 * resources non-empty, each {@code topic/<filter>} or {@code group/<GroupId>}.
 */
public final class Policies {
  public static final String ALLOW = "Allow";
  public static final String DENY = "Deny";
  public static final String PUBLISH = "mq:PUB";
  public static final String SUBSCRIBE = "mq:SUB";
  public static final String TOPIC_PREFIX = "topic/";
  public static final String GROUP_PREFIX = "group/";

  /** Most statements one access key may hold. */
  public static final int MAX_STATEMENTS = 100;
  /** Most resources one statement may name. */
  public static final int MAX_RESOURCES = 100;
  /** Longest resource, prefix included (the width of the store's column). */
  public static final int MAX_RESOURCE_LENGTH = 1024;

  private Policies() {}

  /**
   * Checks every statement; returns them unchanged when all are valid.
   *
   * @throws AccessKeyException {@code InvalidParameter.Policies}, naming the first bad statement as
   *     {@code policies[i]} (its position in the request)
   */
  public static List<PolicyStatement> validate(List<PolicyStatement> policies) {
    if (policies.size() > MAX_STATEMENTS) {
      throw invalid("an access key holds at most " + MAX_STATEMENTS + " statements, got " + policies.size());
    }
    for (int i = 0; i < policies.size(); i++) {
      String where = "policies[" + i + "]";
      PolicyStatement statement = policies.get(i);
      if (statement == null) {
        throw invalid(where + " must be a statement object");
      }
      validateStatement(where, statement);
    }
    return List.copyOf(policies);
  }

  private static void validateStatement(String where, PolicyStatement statement) {
    if (!ALLOW.equals(statement.effect()) && !DENY.equals(statement.effect())) {
      throw invalid(where + ".effect must be \"Allow\" or \"Deny\", got "
          + (statement.effect() == null ? "nothing" : "\"" + statement.effect() + "\""));
    }
    if (statement.actions().isEmpty()) {
      throw invalid(where + ".actions must list mq:PUB, mq:SUB or both");
    }
    Set<String> seen = new HashSet<>();
    for (String action : statement.actions()) {
      if (!PUBLISH.equals(action) && !SUBSCRIBE.equals(action)) {
        throw invalid(where + ".actions: \"" + action + "\" is not an action (mq:PUB or mq:SUB)");
      }
      if (!seen.add(action)) {
        throw invalid(where + ".actions lists " + action + " twice");
      }
    }
    if (statement.resources().isEmpty()) {
      throw invalid(where + ".resources must name at least one topic/<filter> or group/<GroupId>");
    }
    if (statement.resources().size() > MAX_RESOURCES) {
      throw invalid(where + ".resources names more than " + MAX_RESOURCES + " resources");
    }
    for (int r = 0; r < statement.resources().size(); r++) {
      String resource = statement.resources().get(r);
      resourceProblem(resource).ifPresent(problem -> {
        throw invalid(where + ".resources: \"" + abbreviate(resource) + "\" " + problem);
      });
    }
  }

  private static Optional<String> resourceProblem(String resource) {
    if (resource.length() > MAX_RESOURCE_LENGTH) {
      return Optional.of("is longer than " + MAX_RESOURCE_LENGTH + " characters");
    }
    if (resource.startsWith(TOPIC_PREFIX)) {
      String filter = resource.substring(TOPIC_PREFIX.length());
      if (filter.startsWith(Topics.SHARE_PREFIX)) {
        // Shared subscriptions are authorized on their filter alone, so such a statement could never apply.
        return Optional.of("names a shared subscription: write the filter without $share/<group>/");
      }
      return Topics.validateFilter(filter);
    }
    if (resource.startsWith(GROUP_PREFIX)) {
      return groupProblem(resource.substring(GROUP_PREFIX.length()));
    }
    return Optional.of("must be topic/<filter> or group/<GroupId>");
  }

  // A group is what the broker calls the group of a client id: the part before "@@@". Any such part is accepted
  // (group downgrade, AUTH-SPEC section 1), so only what can never be one, or would read as a wildcard, is refused.
  private static Optional<String> groupProblem(String group) {
    if (group.isEmpty()) {
      return Optional.of("names no group");
    }
    if (group.contains("@@@")) {
      return Optional.of("is not a group: a group id never contains '@@@'");
    }
    for (int i = 0; i < group.length(); i++) {
      char c = group.charAt(i);
      if (Character.isISOControl(c) || Character.isWhitespace(c)) {
        return Optional.of("contains a space or control character");
      }
      if (c == '+' || c == '#' || c == '*') {
        return Optional.of("contains a wildcard: group statements name one group exactly");
      }
    }
    return Optional.empty();
  }

  private static String abbreviate(String resource) {
    return resource.length() <= 80 ? resource : resource.substring(0, 80) + "...";
  }

  private static AccessKeyException invalid(String message) {
    return new AccessKeyException(AccessKeyException.INVALID_POLICIES, message);
  }
}
