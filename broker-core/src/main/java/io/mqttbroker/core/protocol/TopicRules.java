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
    if (topicOrFilter.getBytes(StandardCharsets.UTF_8).length > options.maxTopicLength()) {
      return Optional.of("topic longer than " + options.maxTopicLength() + " bytes");
    }
    if (Topics.levels(topicOrFilter) > options.maxTopicLevels()) {
      return Optional.of("topic has more than " + options.maxTopicLevels() + " levels");
    }
    return Optional.empty();
  }
}
