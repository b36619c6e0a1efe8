package io.mqttbroker.core.routing;

import io.mqttbroker.core.topic.Topics;
import java.util.Optional;

/**
 * One client's subscription to one filter, with its MQTT 5 options.
 *
 * @param clientId the subscriber
 * @param filter the topic filter as subscribed, including any {@code $share/<group>/} prefix
 * @param qos the maximum QoS granted
 * @param noLocal do not deliver the subscriber's own publications
 * @param retainAsPublished keep the RETAIN flag of forwarded messages as published
 * @param retainHandling 0 send retained messages at subscribe, 1 only when the subscription is new, 2 never
 * @param subscriptionId the MQTT 5 subscription identifier, 0 for none
 */
public record Subscription(String clientId, String filter, int qos, boolean noLocal, boolean retainAsPublished,
    int retainHandling, int subscriptionId) {

  /** A subscription with the MQTT 3.1.1 defaults. */
  public Subscription(String clientId, String filter, int qos) {
    this(clientId, filter, qos, false, false, 0, 0);
  }

  /** The group and inner filter of a {@code $share/<group>/<filter>} subscription, or empty for a plain one. */
  public Optional<Topics.SharedFilter> shared() {
    return Topics.parseShared(filter);
  }
}
