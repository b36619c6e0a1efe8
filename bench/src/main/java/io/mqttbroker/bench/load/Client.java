package io.mqttbroker.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One MQTT 3.1.1 client connection of the load generator: the last handler of its channel's pipeline. It sends CONNECT
 * when the TCP connection is up, acknowledges QoS 1 deliveries, counts its own QoS 1 publishes in flight, and hands
 * received PUBLISHes to a {@link Listener}. Everything except the futures runs on the channel's event loop; the
 * publish methods must be called there too.
 */
final class Client extends ChannelInboundHandlerAdapter {
  /** A received PUBLISH, on the event loop; {@code payload} is only valid during the call. */
  interface Listener {
    void onPublish(Client client, String topic, ByteBuf payload, long receivedNanos);
  }

  /** The broker refused the CONNECT. */
  static final class Refused extends RuntimeException {
    Refused(String clientId, MqttConnectReturnCode code) {
      super("CONNECT of " + clientId + " refused: " + code, null, false, false);
    }
  }

  final String clientId;
  private final Credentials credentials;
  private final int keepAliveSeconds;
  /** Completes with this client at CONNACK (accepted), exceptionally when refused or closed before. */
  final CompletableFuture<Client> connected = new CompletableFuture<>();
  /** Completes when the connection has closed. */
  final CompletableFuture<Void> closed = new CompletableFuture<>();
  private CompletableFuture<Void> subscribed;
  private Channel channel;
  private volatile Listener listener = (c, topic, payload, nanos) -> { };
  private Runnable onAck;
  private Runnable onWritable;
  private int lastPacketId;
  private int inflight;
  private boolean unflushed;
  volatile long connectSentNanos;
  volatile long connackNanos;

  Client(String clientId, Credentials credentials, int keepAliveSeconds) {
    this.clientId = clientId;
    this.credentials = credentials;
    this.keepAliveSeconds = keepAliveSeconds;
  }

  Channel channel() {
    return channel;
  }

  void listener(Listener l) {
    this.listener = l;
  }

  /** What to do after each PUBACK of this client's own QoS 1 publishes (event loop). */
  void onAck(Runnable r) {
    this.onAck = r;
  }

  /** What to do when the channel becomes writable again (event loop). */
  void onWritable(Runnable r) {
    this.onWritable = r;
  }

  /** QoS 1 publishes sent and not yet acknowledged. */
  int inflight() {
    return inflight;
  }

  /** CONNECT to CONNACK, in nanoseconds (valid once {@link #connected} completed normally). */
  long connectNanos() {
    return connackNanos - connectSentNanos;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    var builder = MqttMessageBuilders.connect()
        .clientId(clientId)
        .protocolVersion(MqttVersion.MQTT_3_1_1)
        .cleanSession(true)
        .keepAlive(keepAliveSeconds);
    if (credentials.username() != null) {
      builder.hasUser(true).username(credentials.username());
    }
    if (credentials.password() != null) {
      builder.hasPassword(true).password(credentials.password());
    }
    connectSentNanos = System.nanoTime();
    ctx.writeAndFlush(builder.build());
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (!(msg instanceof MqttMessage m) || m.decoderResult().isFailure()) {
        ctx.close();
        return;
      }
      switch (m.fixedHeader().messageType()) {
        case PUBLISH -> onPublish((MqttPublishMessage) m);
        case PUBACK -> {
          inflight--;
          if (onAck != null) {
            onAck.run();
          }
        }
        case CONNACK -> onConnack((MqttConnAckMessage) m);
        case SUBACK -> onSuback((MqttSubAckMessage) m);
        default -> { } // PINGRESP, UNSUBACK: nothing to do
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onConnack(MqttConnAckMessage m) {
    connackNanos = System.nanoTime();
    MqttConnectReturnCode code = m.variableHeader().connectReturnCode();
    if (code == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
      connected.complete(this);
    } else {
      connected.completeExceptionally(new Refused(clientId, code));
      channel.close();
    }
  }

  private void onSuback(MqttSubAckMessage m) {
    CompletableFuture<Void> f = subscribed;
    subscribed = null;
    if (f == null) {
      return;
    }
    if (m.payload().grantedQoSLevels().stream().anyMatch(q -> q >= 0x80)) {
      f.completeExceptionally(new IllegalStateException("SUBSCRIBE of " + clientId + " refused"));
    } else {
      f.complete(null);
    }
  }

  private void onPublish(MqttPublishMessage m) {
    listener.onPublish(this, m.variableHeader().topicName(), m.payload(), System.nanoTime());
    if (m.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
      channel.write(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
          MqttMessageIdVariableHeader.from(m.variableHeader().packetId())));
      unflushed = true;
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    // One flush per read batch: PUBACKs of a burst go out together.
    if (unflushed) {
      unflushed = false;
      ctx.flush();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable() && onWritable != null) {
      onWritable.run();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    connected.completeExceptionally(new IllegalStateException("connection of " + clientId + " closed before CONNACK"));
    CompletableFuture<Void> f = subscribed;
    if (f != null) {
      f.completeExceptionally(new IllegalStateException("connection of " + clientId + " closed"));
    }
    closed.complete(null);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  /** SUBSCRIBE to one filter; completes at a SUBACK that grants it. Any thread. */
  CompletableFuture<Void> subscribe(String filter, int qos) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    channel.eventLoop().execute(() -> {
      subscribed = f;
      channel.writeAndFlush(MqttMessageBuilders.subscribe().messageId(nextPacketId())
          .addSubscription(MqttQoS.valueOf(qos), filter).build());
    });
    return f;
  }

  /**
   * Writes one PUBLISH without flushing (event loop only); the caller flushes once per batch. Takes ownership of
   * {@code payload}.
   */
  void publish(String topic, ByteBuf payload, int qos) {
    int packetId = 0;
    if (qos > 0) {
      packetId = nextPacketId();
      inflight++;
    }
    MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.valueOf(qos), false, 0);
    channel.write(new MqttPublishMessage(header, new MqttPublishVariableHeader(topic, packetId), payload),
        channel.voidPromise());
  }

  void flush() {
    channel.flush();
  }

  /** DISCONNECT, then close. Any thread. */
  CompletableFuture<Void> disconnect() {
    Channel ch = channel;
    if (ch == null || !ch.isActive()) {
      closed.complete(null);
      return closed;
    }
    // The broker closes after a DISCONNECT, so the TIME_WAIT stays on its side and the generator's source ports are
    // free again at once; the client closes only if the broker does not within a grace.
    ch.writeAndFlush(MqttMessage.DISCONNECT);
    ch.eventLoop().schedule(() -> ch.close(), 2, TimeUnit.SECONDS);
    return closed;
  }

  private int nextPacketId() {
    lastPacketId = lastPacketId == 0xFFFF ? 1 : lastPacketId + 1;
    return lastPacketId;
  }
}
