package io.mqttbroker.core.routing;

import io.mqttbroker.core.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last retained message of each topic, in memory. An empty payload clears the topic; a message whose expiry has
 * passed is dropped when it is next looked at.
 */
public final class RetainedMessages {
  private final Map<String, Message> byTopic = new ConcurrentHashMap<>();

  /** Stores, replaces or (empty payload) clears the retained message of the message's topic. */
  public void retain(Message message) {
    if (message.payload().length == 0) {
      byTopic.remove(message.topic());
    } else {
      byTopic.put(message.topic(), message.withRetain(true).withDelivery(Delivery.DIRECT));
    }
  }

  /** The unexpired retained messages whose topic matches {@code filter}. */
  public List<Message> matching(String filter) {
    long now = System.currentTimeMillis();
    List<Message> result = new ArrayList<>();
    for (Message m : byTopic.values()) {
      if (m.expiredAt(now)) {
        byTopic.remove(m.topic(), m);
      } else if (Topics.matches(filter, m.topic())) {
        result.add(m);
      }
    }
    return result;
  }

  public int size() {
    return byTopic.size();
  }
}
