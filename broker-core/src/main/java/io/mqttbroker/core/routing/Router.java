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
    Hits hits = new Hits(message.publisherClientId());
    subscriptions.forEachMatch(message.topic(), hits);
    int delivered = hits.more == null
        ? (hits.first == null ? 0 : deliver(hits.first.clientId(), new Match(hits.first), message))
        : deliverOncePerClient(hits.more, message);
    return delivered + shared.publish(message);
  }

  /** With overlapping subscriptions a client still gets one copy: the matches are merged per client first. */
  private int deliverOncePerClient(List<Subscription> hits, Message message) {
    if (hits.isEmpty()) {
      return 0;
    }
    Map<String, Match> byClient = new HashMap<>(hits.size() * 2);
    for (Subscription sub : hits) {
      Match m = byClient.putIfAbsent(sub.clientId(), new Match(sub));
      if (m != null) {
        m.add(sub);
      }
    }
    int delivered = 0;
    for (Map.Entry<String, Match> e : byClient.entrySet()) {
      delivered += deliver(e.getKey(), e.getValue(), message);
    }
    return delivered;
  }

  private int deliver(String clientId, Match match, Message message) {
    Subscriber subscriber = subscribers.apply(clientId);
    if (subscriber == null) {
      return 0;
    }
    subscriber.deliver(match.shape(message));
    return 1;
  }

  /**
   * Hands a message that left a shared-subscription member unread to another member of its group; false when there is
   * none (or the message did not come through a shared subscription).
   */
  public boolean redeliverShared(Message message, String leavingClientId) {
    return shared.redeliver(message, leavingClientId);
  }

  /** The matching subscriptions: a list only from the second on. */
  private static final class Hits implements java.util.function.BiConsumer<String, Subscription> {
    private final String publisher;
    Subscription first;
    List<Subscription> more;

    Hits(String publisher) {
      this.publisher = publisher;
    }

    @Override
    public void accept(String clientId, Subscription sub) {
      if (sub.noLocal() && clientId.equals(publisher)) {
        return;
      }
      if (first == null) {
        first = sub;
        return;
      }
      if (more == null) {
        more = new ArrayList<>(4);
        more.add(first);
      }
      more.add(sub);
    }
  }

  /** The subscriptions of one client that match a message (usually one: then no list is made). */
  private static final class Match {
    private int qos;
    private boolean retainAsPublished;
    private int firstId;
    private List<Integer> ids;

    Match(Subscription first) {
      qos = first.qos();
      retainAsPublished = first.retainAsPublished();
      firstId = first.subscriptionId();
    }

    void add(Subscription sub) {
      qos = Math.max(qos, sub.qos());
      retainAsPublished |= sub.retainAsPublished();
      if (sub.subscriptionId() != 0) {
        if (firstId == 0) {
          firstId = sub.subscriptionId();
        } else {
          if (ids == null) {
            ids = new ArrayList<>(2);
            ids.add(firstId);
          }
          ids.add(sub.subscriptionId());
        }
      }
    }

    Message shape(Message message) {
      // Subscribers see RETAIN=0 on normal routing unless they asked for retain-as-published; retained copies go out
      // with RETAIN=1 on subscribe.
      Delivery delivery = ids != null ? Delivery.of(ids) : firstId != 0 ? Delivery.of(List.of(firstId))
          : Delivery.DIRECT;
      return message.withQos(Math.min(qos, message.qos()))
          .withRetain(retainAsPublished && message.retain())
          .withDelivery(delivery);
    }
  }
}
