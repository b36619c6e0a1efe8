package io.mqttbroker.core.routing;

import io.mqttbroker.core.topic.TopicTree;
import io.mqttbroker.core.topic.Topics.SharedFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Routes published messages to the sessions whose subscriptions match, once per session: with overlapping
 * subscriptions a session receives the message once, at the highest QoS granted among them (capped by the QoS it was
 * published with), carrying the identifiers of all of them. Shared subscriptions get one copy per group.
 */
public final class Router {
  private final TopicTree<String, Subscription> subscriptions = new TopicTree<>();
  private final RetainedMessages retained = new RetainedMessages();
  private final SharedSubscriptions shared;
  private final Function<String, Subscriber> subscribers;

  /** @param subscribers finds the live or persistent session of a client id (null when it has gone) */
  public Router(Function<String, Subscriber> subscribers) {
    this.subscribers = subscribers;
    this.shared = new SharedSubscriptions(subscribers);
  }

  public void subscribe(Subscription subscription) {
    Optional<SharedFilter> share = subscription.shared();
    if (share.isPresent()) {
      shared.subscribe(share.get(), subscription);
    } else {
      subscriptions.put(subscription.filter(), subscription.clientId(), subscription);
    }
  }

  public void unsubscribe(String clientId, String filter) {
    Optional<SharedFilter> share = io.mqttbroker.core.topic.Topics.parseShared(filter);
    if (share.isPresent()) {
      shared.unsubscribe(share.get(), filter, clientId);
    } else {
      subscriptions.remove(filter, clientId);
    }
  }

  public RetainedMessages retained() {
    return retained;
  }

  /** Routes {@code message}; stores it as retained first when its RETAIN flag is set. Returns the deliveries made. */
  public int publish(Message message) {
    if (message.retain()) {
      retained.retain(message);
    }
    Map<String, Match> matches = new HashMap<>();
    subscriptions.forEachMatch(message.topic(), (clientId, sub) -> {
      if (!(sub.noLocal() && clientId.equals(message.publisherClientId()))) {
        matches.computeIfAbsent(clientId, k -> new Match()).add(sub);
      }
    });
    int delivered = 0;
    for (Map.Entry<String, Match> e : matches.entrySet()) {
      Subscriber subscriber = subscribers.apply(e.getKey());
      if (subscriber != null) {
        subscriber.deliver(e.getValue().shape(message));
        delivered++;
      }
    }
    return delivered + shared.publish(message);
  }

  /**
   * Hands a message that left a shared-subscription member unread to another member of its group; false when there is
   * none (or the message did not come through a shared subscription).
   */
  public boolean redeliverShared(Message message, String leavingClientId) {
    return shared.redeliver(message, leavingClientId);
  }

  /** The subscriptions of one client that match a message. */
  private static final class Match {
    private int qos = -1;
    private boolean retainAsPublished;
    private final List<Integer> ids = new ArrayList<>(1);

    void add(Subscription sub) {
      qos = Math.max(qos, sub.qos());
      retainAsPublished |= sub.retainAsPublished();
      if (sub.subscriptionId() != 0) {
        ids.add(sub.subscriptionId());
      }
    }

    Message shape(Message message) {
      // Subscribers see RETAIN=0 on normal routing unless they asked for retain-as-published; retained copies go out
      // with RETAIN=1 on subscribe.
      return message.withQos(Math.min(qos, message.qos()))
          .withRetain(retainAsPublished && message.retain())
          .withDelivery(Delivery.of(ids));
    }
  }
}
