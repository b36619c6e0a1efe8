package io.mqttbroker.core.routing;

import java.util.List;
import java.util.Optional;

/**
 * How a message reached one subscriber: the identifiers of the subscriptions that matched it (MQTT 5) and, for a
 * shared subscription, the {@code $share/<group>/<filter>} it came through, so that it can be handed to another
 * member if this one leaves before taking it.
 *
 * @param subscriptionIds identifiers of the matching subscriptions that had one
 * @param shareName the shared subscription that selected this subscriber, if any
 */
public record Delivery(List<Integer> subscriptionIds, Optional<String> shareName) {
  public static final Delivery DIRECT = new Delivery(List.of(), Optional.empty());

  public Delivery {
    subscriptionIds = List.copyOf(subscriptionIds);
  }

  public static Delivery of(List<Integer> subscriptionIds) {
    return subscriptionIds.isEmpty() ? DIRECT : new Delivery(subscriptionIds, Optional.empty());
  }
}
