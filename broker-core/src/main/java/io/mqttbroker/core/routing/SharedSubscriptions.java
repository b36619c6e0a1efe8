package io.mqttbroker.core.routing;

import io.mqttbroker.core.topic.TopicTree;
import io.mqttbroker.core.topic.Topics.SharedFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * {@code $share/<group>/<filter>} subscriptions: each message that matches a group's filter goes to one member of the
 * group, taken in turn, preferring members that are connected. A member that leaves hands the messages it had not
 * taken yet to another member ({@link #redeliver}).
 */
final class SharedSubscriptions {
  private final TopicTree<String, ShareGroup> byFilter = new TopicTree<>();
  private final Map<String, ShareGroup> byName = new ConcurrentHashMap<>();
  private final Function<String, Subscriber> subscribers;

  SharedSubscriptions(Function<String, Subscriber> subscribers) {
    this.subscribers = subscribers;
  }

  synchronized void subscribe(SharedFilter shared, Subscription subscription) {
    ShareGroup group = byName.computeIfAbsent(subscription.filter(), name -> {
      ShareGroup g = new ShareGroup(name);
      byFilter.put(shared.filter(), shared.group(), g);
      return g;
    });
    group.put(subscription);
  }

  synchronized void unsubscribe(SharedFilter shared, String shareName, String clientId) {
    ShareGroup group = byName.get(shareName);
    if (group != null && group.remove(clientId) && group.isEmpty()) {
      byName.remove(shareName);
      byFilter.remove(shared.filter(), shared.group());
    }
  }

  /** Delivers {@code message} to one member of every matching group; returns the number of deliveries. */
  int publish(Message message) {
    if (byFilter.isEmpty()) {
      return 0;
    }
    List<ShareGroup> matched = new ArrayList<>(2);
    byFilter.forEachMatch(message.topic(), (name, group) -> matched.add(group));
    int delivered = 0;
    for (ShareGroup group : matched) {
      if (group.deliver(message, "")) {
        delivered++;
      }
    }
    return delivered;
  }

  /**
   * Gives a message that member {@code leavingClientId} did not take to another member of the same group; false when
   * the group has no other member.
   */
  boolean redeliver(Message message, String leavingClientId) {
    Optional<String> name = message.delivery().shareName();
    ShareGroup group = name.map(byName::get).orElse(null);
    return group != null && group.deliver(message, leavingClientId);
  }

  /** The members of one group and the turn. */
  private final class ShareGroup {
    private final String name;
    private final List<Subscription> members = new CopyOnWriteArrayList<>();
    private final AtomicInteger turn = new AtomicInteger();

    ShareGroup(String name) {
      this.name = name;
    }

    void put(Subscription subscription) {
      members.removeIf(m -> m.clientId().equals(subscription.clientId()));
      members.add(subscription);
    }

    boolean remove(String clientId) {
      return members.removeIf(m -> m.clientId().equals(clientId));
    }

    boolean isEmpty() {
      return members.isEmpty();
    }

    boolean deliver(Message message, String excluded) {
      Object[] snapshot = members.toArray();
      int n = snapshot.length;
      if (n == 0) {
        return false;
      }
      int start = Math.floorMod(turn.getAndIncrement(), n);
      Subscription offlineChoice = null;
      Subscriber offlineSubscriber = null;
      for (int i = 0; i < n; i++) {
        Subscription member = (Subscription) snapshot[(start + i) % n];
        if (member.clientId().equals(excluded)) {
          continue;
        }
        Subscriber subscriber = subscribers.apply(member.clientId());
        if (subscriber == null) {
          continue;
        }
        if (subscriber.isOnline()) {
          subscriber.deliver(forMember(message, member));
          return true;
        }
        if (offlineChoice == null) {
          offlineChoice = member;
          offlineSubscriber = subscriber;
        }
      }
      // Nobody connected: a persistent member's session queues QoS 1/2 for when it comes back.
      if (offlineChoice != null && message.qos() > 0) {
        offlineSubscriber.deliver(forMember(message, offlineChoice));
        return true;
      }
      return false;
    }

    private Message forMember(Message message, Subscription member) {
      List<Integer> ids = member.subscriptionId() == 0 ? List.of() : List.of(member.subscriptionId());
      return message.withQos(Math.min(member.qos(), message.qos()))
          .withRetain(member.retainAsPublished() && message.retain())
          .withDelivery(new Delivery(ids, Optional.of(name)));
    }
  }
}
