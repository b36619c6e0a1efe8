package io.mqttbroker.core.routing;

import io.mqttbroker.core.topic.TopicTree;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Routes published messages to the sessions whose subscriptions match, once per session: with overlapping
 * subscriptions a session receives the message once, at the highest QoS granted among them (capped by the QoS it was
 * published with).
 */
public final class Router {
  private final TopicTree<String, Subscription> subscriptions = new TopicTree<>();
  private final RetainedMessages retained = new RetainedMessages();
  private final Function<String, Subscriber> subscribers;

  /** @param subscribers finds the live or persistent session of a client id (null when it has gone) */
  public Router(Function<String, Subscriber> subscribers) {
    this.subscribers = subscribers;
  }

  public void subscribe(Subscription subscription) {
    subscriptions.put(subscription.filter(), subscription.clientId(), subscription);
  }

  public void unsubscribe(String clientId, String filter) {
    subscriptions.remove(filter, clientId);
  }

  public RetainedMessages retained() {
    return retained;
  }

  /** Routes {@code message}; stores it as retained first when its RETAIN flag is set. Returns the deliveries made. */
  public int publish(Message message) {
    if (message.retain()) {
      retained.retain(message);
    }
    Map<String, Integer> best = new HashMap<>();
    subscriptions.forEachMatch(message.topic(), (clientId, sub) -> best.merge(clientId, sub.qos(), Math::max));
    int delivered = 0;
    // Subscribers see RETAIN=0 on normal routing (MQTT 3.1.1 3.3.1.3); retained copies go out on subscribe.
    Message live = message.withRetain(false);
    for (Map.Entry<String, Integer> e : best.entrySet()) {
      Subscriber subscriber = subscribers.apply(e.getKey());
      if (subscriber != null) {
        subscriber.deliver(live.withQos(Math.min(e.getValue(), message.qos())));
        delivered++;
      }
    }
    return delivered;
  }
}
