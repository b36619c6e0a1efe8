package io.mqttbroker.core.protocol;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.core.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Topic syntax (from {@link Topics}) plus the configured length and depth limits. */
final class TopicRules {
  private TopicRules() {}

  static Optional<String> validateTopicName(BrokerOptions options, String topic) {
    Optional<String> invalid = Topics.validateTopicName(topic);
    return invalid.isPresent() ? invalid : checkLimits(options, topic);
  }

  static Optional<String> validateFilter(BrokerOptions options, String filter) {
    Optional<String> invalid = Topics.validateFilter(filter);
    return invalid.isPresent() ? invalid : checkLimits(options, filter);
  }

  private static Optional<String> checkLimits(BrokerOptions options, String topicOrFilter) {
    // A char takes at most 3 UTF-8 bytes (a surrogate pair 4 for 2 chars): most topics need no encoding to tell.
    if (topicOrFilter.length() * 3L > options.maxTopicLength()
        && topicOrFilter.getBytes(StandardCharsets.UTF_8).length > options.maxTopicLength()) {
      return Optional.of("topic longer than " + options.maxTopicLength() + " bytes");
    }
    if (Topics.levels(topicOrFilter) > options.maxTopicLevels()) {
      return Optional.of("topic has more than " + options.maxTopicLevels() + " levels");
    }
    return Optional.empty();
  }
}
