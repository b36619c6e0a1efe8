package io.mqttbroker.core.session;

import io.mqttbroker.core.routing.Message;
import io.mqttbroker.core.routing.Subscriber;
import io.mqttbroker.core.routing.Subscription;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state the broker keeps for one client id: subscriptions, outbound messages in flight, the queue of messages
 * waiting for the in-flight window or for the client to come back, and inbound QoS 2 packet ids not yet released.
 * Deliveries arrive from any event loop, so the mutable delivery state is guarded by the session's monitor; writes go
 * to the bound {@link SessionChannel}, which hops to the connection's own loop.
 */
public final class Session implements Subscriber {
  private final String clientId;
  private final int maxInflight;
  private final int maxQueued;
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final AtomicLong dropped = new AtomicLong();

  // Guarded by this.
  private final LinkedHashMap<Integer, Inflight> inflight = new LinkedHashMap<>();
  private final ArrayDeque<Message> queue = new ArrayDeque<>();
  private final Set<Integer> inboundQos2 = new HashSet<>();
  private SessionChannel channel;
  private boolean persistent;
  private int lastPacketId;

  public Session(String clientId, int maxInflight, int maxQueued) {
    this.clientId = clientId;
    this.maxInflight = maxInflight;
    this.maxQueued = maxQueued;
  }

  public String clientId() {
    return clientId;
  }

  /** Whether the session outlives its connection (clean session 0 / session expiry > 0). */
  public synchronized boolean isPersistent() {
    return persistent;
  }

  public synchronized void setPersistent(boolean persistent) {
    this.persistent = persistent;
  }

  public Map<String, Subscription> subscriptions() {
    return subscriptions;
  }

  public Collection<Subscription> subscriptionList() {
    return subscriptions.values();
  }

  /** Messages dropped because the queue was full (or QoS 0 while offline). */
  public long droppedMessages() {
    return dropped.get();
  }

  @Override
  public synchronized void deliver(Message message) {
    if (message.qos() == 0) {
      if (channel != null) {
        channel.sendPublish(0, message, false);
      } else {
        dropped.incrementAndGet();
      }
      return;
    }
    if (channel != null && inflight.size() < maxInflight && queue.isEmpty()) {
      send(message);
    } else if (queue.size() < maxQueued) {
      queue.addLast(message);
    } else {
      dropped.incrementAndGet();
    }
  }

  /** Binds a (re)connected client: resends what was in flight (DUP), then drains the queue. */
  public synchronized void attach(SessionChannel newChannel) {
    this.channel = newChannel;
    for (Map.Entry<Integer, Inflight> e : inflight.entrySet()) {
      if (e.getValue().released()) {
        newChannel.sendPubrel(e.getKey());
      } else {
        newChannel.sendPublish(e.getKey(), e.getValue().message(), true);
      }
    }
    drain();
  }

  /** Unbinds the connection; in-flight and queued messages stay for the next attach. */
  public synchronized void detach(SessionChannel oldChannel) {
    if (this.channel == oldChannel) {
      this.channel = null;
    }
  }

  /** PUBACK for an outbound QoS 1 message. */
  public synchronized void onPuback(int packetId) {
    Inflight f = inflight.get(packetId);
    if (f != null && f.message().qos() == 1) {
      inflight.remove(packetId);
      drain();
    }
  }

  /** PUBREC for an outbound QoS 2 message: answer PUBREL and keep the id until PUBCOMP. */
  public synchronized void onPubrec(int packetId) {
    Inflight f = inflight.get(packetId);
    if (f != null && f.message().qos() == 2) {
      inflight.put(packetId, new Inflight(f.message(), true));
    }
    if (channel != null) {
      channel.sendPubrel(packetId);
    }
  }

  /** PUBCOMP for an outbound QoS 2 message. */
  public synchronized void onPubcomp(int packetId) {
    Inflight f = inflight.get(packetId);
    if (f != null && f.released()) {
      inflight.remove(packetId);
      drain();
    }
  }

  /** Records an inbound QoS 2 packet id; false when it was already recorded (a duplicate PUBLISH). */
  public synchronized boolean beginInboundQos2(int packetId) {
    return inboundQos2.add(packetId);
  }

  /** PUBREL for an inbound QoS 2 message. */
  public synchronized void releaseInboundQos2(int packetId) {
    inboundQos2.remove(packetId);
  }

  public synchronized int inflightCount() {
    return inflight.size();
  }

  public synchronized int queuedCount() {
    return queue.size();
  }

  private void drain() {
    while (channel != null && inflight.size() < maxInflight && !queue.isEmpty()) {
      send(queue.pollFirst());
    }
  }

  private void send(Message message) {
    int id = nextPacketId();
    inflight.put(id, new Inflight(message, false));
    channel.sendPublish(id, message, false);
  }

  private int nextPacketId() {
    do {
      lastPacketId = lastPacketId == 0xFFFF ? 1 : lastPacketId + 1;
    } while (inflight.containsKey(lastPacketId));
    return lastPacketId;
  }

  private record Inflight(Message message, boolean released) {}
}
