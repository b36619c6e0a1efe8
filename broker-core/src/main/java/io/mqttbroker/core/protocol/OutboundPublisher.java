package io.mqttbroker.core.protocol;

import io.mqttbroker.core.routing.Message;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns routed messages into PUBLISH packets for one connection, on its event loop and in the order the session
 * decided them: the MQTT 5 properties (remaining expiry, subscription identifiers, what the publisher sent), the
 * broker's topic aliases, and the client's maximum packet size - a packet that would exceed it is not sent and counts
 * as delivered, as the specification requires.
 *
 * <p>Deliveries arrive from any thread into a queue that one task at a time drains on the connection's loop: a burst
 * costs one task and one flush (one system call) instead of one each per message. Deliveries routed by a read on the
 * connection's own loop are written at the end of that read ({@link SameLoopDeliveries}).
 */
final class OutboundPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(OutboundPublisher.class);
  private static final int TOPIC_ALIAS = MqttPropertyType.TOPIC_ALIAS.value();
  /** PUBLISHes written per drain before the loop gets a turn for its other channels. */
  private static final int MAX_BATCH = 256;

  /** PUBLISH fixed headers by dup, QoS and retain (immutable; the encoder computes the remaining length). */
  private static final MqttFixedHeader[] HEADERS = new MqttFixedHeader[12];

  static {
    for (int dup = 0; dup < 2; dup++) {
      for (int qos = 0; qos < 3; qos++) {
        for (int retain = 0; retain < 2; retain++) {
          HEADERS[dup * 6 + qos * 2 + retain] = new MqttFixedHeader(MqttMessageType.PUBLISH, dup == 1,
              MqttQoS.valueOf(qos), retain == 1, 0);
        }
      }
    }
  }

  private final MqttConnection c;
  private final boolean v5;
  private final long maximumPacketSize;
  private final TopicAliases.Outbound aliases;
  private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();

  OutboundPublisher(MqttConnection connection, boolean v5, long maximumPacketSize, int topicAliasMaximum) {
    this.c = connection;
    this.v5 = v5;
    this.maximumPacketSize = maximumPacketSize;
    this.aliases = v5 && topicAliasMaximum > 0 ? new TopicAliases.Outbound(topicAliasMaximum) : null;
  }

  /**
   * Queues one PUBLISH (packetId 0 for QoS 0) from any thread. PUBLISHes reach the wire in the order they were queued,
   * which the broker's topic aliases rely on.
   */
  void enqueue(int packetId, Message message, boolean duplicate) {
    pending.add(new Pending(packetId, message, duplicate));
    if (drainScheduled.compareAndSet(false, true)) {
      EventLoop loop = c.channel.eventLoop();
      if (loop.inEventLoop()) {
        // Routed by a read on this connection's own loop: written at the end of that read, not after the loop's
        // other work (the task below then finds nothing left).
        SameLoopDeliveries.drainAtEndOfRead(this);
      }
      loop.execute(this::drain);
    }
  }

  /** Writes what is queued now (on the connection's event loop). */
  void drainNow() {
    if (c.channel.isActive()) {
      drain();
    }
  }

  private void drain() {
    // Cleared before polling: a PUBLISH queued while this drain runs schedules the next one, so none is left behind.
    drainScheduled.set(false);
    int written = 0;
    Pending p;
    while (written < MAX_BATCH && (p = pending.poll()) != null) {
      publish(p.packetId(), p.message(), p.duplicate());
      written++;
    }
    if (written > 0) {
      c.channel.flush();
    }
    if (!pending.isEmpty() && drainScheduled.compareAndSet(false, true)) {
      c.channel.eventLoop().execute(this::drain);
    }
  }

  /** Writes one PUBLISH without flushing. Runs on the connection's event loop. */
  private void publish(int packetId, Message message, boolean duplicate) {
    if (!c.channel.isActive()) {
      return;
    }
    if (packetId == 0 && !c.channel.isWritable()) {
      // The client reads slower than it is sent to. QoS 0 may be lost; buffering it without bound would let one slow
      // reader exhaust the broker's memory (QoS 1/2 are bounded by the in-flight window and the session queue).
      c.broker.messagesDropped().incrementAndGet();
      return;
    }
    MqttProperties props = v5 ? PropertiesCodec.toPublish(message, System.currentTimeMillis())
        : MqttProperties.NO_PROPERTIES;
    TopicAliases.Choice choice = aliases == null ? new TopicAliases.Choice(message.topic(), 0)
        : aliases.choose(message.topic());
    if (choice.alias() != 0) {
      props.add(new IntegerProperty(TOPIC_ALIAS, choice.alias()));
    }
    long size = PropertiesCodec.publishPacketLength(choice.topic(), message.qos(), props, message.payload().length,
        v5);
    if (size > maximumPacketSize) {
      if (aliases != null) {
        aliases.forget(message.topic(), choice);
      }
      LOG.debug("client={}: PUBLISH of {} bytes to {} not sent, the client accepts at most {}", c.clientId, size,
          message.topic(), maximumPacketSize);
      c.session.onDiscarded(packetId);
      return;
    }
    c.broker.messagesOut().incrementAndGet();
    MqttFixedHeader header = HEADERS[(duplicate ? 6 : 0) + message.qos() * 2 + (message.retain() ? 1 : 0)];
    c.channel.write(new MqttPublishMessage(header,
        new MqttPublishVariableHeader(choice.topic(), packetId, props), Unpooled.wrappedBuffer(message.payload())),
        c.channel.voidPromise());
  }

  private record Pending(int packetId, Message message, boolean duplicate) {}
}
