package io.mqttbroker.core.session;

import io.mqttbroker.core.routing.Message;
import io.mqttbroker.core.routing.Subscriber;
import io.mqttbroker.core.routing.Subscription;
import io.mqttbroker.core.topic.Topics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state the broker keeps for one client id: subscriptions, outbound messages in flight, the queue of messages
 * waiting for the in-flight window or for the client to come back, and inbound QoS 2 packet ids not yet released.
 * Deliveries arrive from any event loop, so the mutable delivery state is guarded by the session's monitor; writes go
 * to the bound {@link SessionChannel}, which hops to the connection's own loop.
 */
public final class Session implements Subscriber {
  /** Session expiry interval meaning "never expires" (MQTT 5 0xFFFFFFFF, and MQTT 3.1.1 clean session 0). */
  public static final long NEVER_EXPIRES = 0xFFFFFFFFL;

  private final String clientId;
  private final int maxInflight;
  private final int maxQueued;
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  // Written under this (every writer is synchronized), read without it.
  private volatile long dropped;
  private volatile long expired;

  // Guarded by this.
  private final LinkedHashMap<Integer, Inflight> inflight = new LinkedHashMap<>();
  private final ArrayDeque<Message> queue = new ArrayDeque<>(1);
  private Set<Integer> inboundQos2; // created with the first inbound QoS 2 message
  private SessionChannel channel;
  private int window;
  private long expiryInterval;
  private SessionExpiry.Countdown expiryTimer;
  private int lastPacketId;

  public Session(String clientId, int maxInflight, int maxQueued) {
    this.clientId = clientId;
    this.maxInflight = maxInflight;
    this.maxQueued = maxQueued;
    this.window = maxInflight;
  }

  public String clientId() {
    return clientId;
  }

  /** Whether the session outlives its connection (clean session 0 / session expiry > 0). */
  public synchronized boolean isPersistent() {
    return expiryInterval > 0;
  }

  public synchronized void setPersistent(boolean persistent) {
    this.expiryInterval = persistent ? NEVER_EXPIRES : 0;
  }

  /** Seconds the session outlives its connection: 0 ends it at disconnect, {@link #NEVER_EXPIRES} keeps it. */
  public synchronized long expiryInterval() {
    return expiryInterval;
  }

  public synchronized void setExpiryInterval(long seconds) {
    this.expiryInterval = seconds;
  }

  public Map<String, Subscription> subscriptions() {
    return subscriptions;
  }

  public Collection<Subscription> subscriptionList() {
    return subscriptions.values();
  }

  /** Messages dropped because the queue was full (or QoS 0 while offline). */
  public long droppedMessages() {
    return dropped;
  }

  /** Messages discarded unsent because their message expiry interval had passed. */
  public long expiredMessages() {
    return expired;
  }

  @Override
  public synchronized boolean isOnline() {
    return channel != null;
  }

  @Override
  public synchronized void deliver(Message message) {
    if (message.expiredAt(System.currentTimeMillis())) {
      expired++;
      return;
    }
    if (message.qos() == 0) {
      if (channel != null) {
        channel.sendPublish(0, message, false);
      } else {
        dropped++;
      }
      return;
    }
    if (channel != null && inflight.size() < window && queue.isEmpty()) {
      send(message);
    } else if (queue.size() < maxQueued) {
      queue.addLast(message);
    } else {
      dropped++;
    }
  }

  /**
   * Drops the queued (never sent) messages that no subscription of this session matches any more, after subscriptions
   * were removed; they count as dropped. Returns how many.
   */
  public synchronized int dropUnsubscribedQueued() {
    int before = queue.size();
    queue.removeIf(m -> subscriptions.values().stream().noneMatch(
        s -> Topics.matches(s.shared().map(Topics.SharedFilter::filter).orElse(s.filter()), m.topic())));
    int removed = before - queue.size();
    dropped += removed;
    return removed;
  }

  /** Binds a (re)connected client with the in-flight window of its CONNECT: resends what was in flight, drains. */
  public synchronized void attach(SessionChannel newChannel, int clientReceiveMaximum) {
    this.channel = newChannel;
    this.window = Math.max(1, Math.min(maxInflight, clientReceiveMaximum));
    cancelExpiry();
    for (Map.Entry<Integer, Inflight> e : inflight.entrySet()) {
      if (e.getValue().released()) {
        newChannel.sendPubrel(e.getKey());
      } else {
        newChannel.sendPublish(e.getKey(), e.getValue().message(), true);
      }
    }
    drain();
  }

  /** Binds a (re)connected client with the configured in-flight window. */
  public void attach(SessionChannel newChannel) {
    attach(newChannel, maxInflight);
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
  public synchronized void onPubrec(int packetId, boolean failed) {
    Inflight f = inflight.get(packetId);
    if (failed) {
      // A PUBREC with a failure reason code ends the flow: the id is free and no PUBREL follows.
      if (f != null && f.message().qos() == 2) {
        inflight.remove(packetId);
        drain();
      }
      return;
    }
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

  /**
   * An outbound message was not sent because the client cannot take it (larger than its maximum packet size): as the
   * MQTT 5 specification requires, the broker behaves as if its delivery had completed.
   */
  public synchronized void onDiscarded(int packetId) {
    if (packetId != 0 && inflight.remove(packetId) != null) {
      drain();
    }
  }

  /** Records an inbound QoS 2 packet id; false when it was already recorded (a duplicate PUBLISH). */
  public synchronized boolean beginInboundQos2(int packetId) {
    if (inboundQos2 == null) {
      inboundQos2 = new HashSet<>();
    }
    return inboundQos2.add(packetId);
  }

  /** PUBREL for an inbound QoS 2 message. */
  public synchronized void releaseInboundQos2(int packetId) {
    if (inboundQos2 != null) {
      inboundQos2.remove(packetId);
    }
  }

  /** Inbound QoS 2 messages received and not yet released by a PUBREL. */
  public synchronized int inboundQos2Count() {
    return inboundQos2 == null ? 0 : inboundQos2.size();
  }

  public synchronized int inflightCount() {
    return inflight.size();
  }

  public synchronized int queuedCount() {
    return queue.size();
  }

  /**
   * Removes and returns the messages that came through shared subscription {@code shareName} (every shared one when
   * null) and have not reached the client: the queued ones and, with {@code includeInflight}, those sent but not yet
   * acknowledged (the PUBREC of a QoS 2 message means the client has it).
   */
  public synchronized List<Message> takeShared(String shareName, boolean includeInflight) {
    List<Message> taken = new ArrayList<>();
    if (includeInflight) {
      Iterator<Inflight> it = inflight.values().iterator();
      while (it.hasNext()) {
        Inflight f = it.next();
        if (!f.released() && fromShare(f.message(), shareName)) {
          taken.add(f.message());
          it.remove();
        }
      }
    }
    Iterator<Message> q = queue.iterator();
    while (q.hasNext()) {
      Message m = q.next();
      if (fromShare(m, shareName)) {
        taken.add(m);
        q.remove();
      }
    }
    return taken;
  }

  private static boolean fromShare(Message m, String shareName) {
    return m.delivery().shareName().isPresent()
        && (shareName == null || m.delivery().shareName().get().equals(shareName));
  }

  /** Arms the expiry timer of a detached session; {@code token} identifies this countdown. */
  synchronized boolean armExpiry(SessionExpiry.Countdown token) {
    if (channel != null) {
      return false;
    }
    expiryTimer = token;
    return true;
  }

  /** Whether the countdown {@code token} is still the current one of a detached session. */
  synchronized boolean expiryDue(Object token) {
    return channel == null && expiryTimer == token;
  }

  /** Stops any countdown: the session is being resumed. */
  synchronized void cancelExpiry() {
    if (expiryTimer != null) {
      expiryTimer.cancel();
      expiryTimer = null;
    }
  }

  private void drain() {
    long now = System.currentTimeMillis();
    while (channel != null && inflight.size() < window && !queue.isEmpty()) {
      Message next = queue.pollFirst();
      if (next.expiredAt(now)) {
        // Expired while it waited: never delivered (MQTT 5 message expiry interval).
        expired++;
      } else {
        send(next);
      }
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
