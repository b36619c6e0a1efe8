package io.mqttbroker.core.protocol;

import io.mqttbroker.core.routing.Message;
import io.mqttbroker.core.security.spi.ClientContext;
import io.mqttbroker.core.security.spi.Principal;
import io.mqttbroker.core.session.Session;
import io.mqttbroker.core.session.SessionChannel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: the packet dispatcher, the read gate and the per-connection state. Packet flows live in
 * {@link ConnectFlow}, {@link PublishFlow} and {@link SubscribeFlow}. Everything here runs on the channel's event loop
 * except the {@link ClientContext} and {@link SessionChannel} methods, which hop onto it.
 *
 * <p>The read gate: while a CONNECT, PUBLISH or SUBSCRIBE decision is pending, reading is paused and any packet already
 * decoded is held, then replayed in order once the decision is made.
 */
public final class MqttConnection extends ChannelInboundHandlerAdapter implements ClientContext, SessionChannel {
  private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);

  final BrokerContext broker;
  private final ConnectFlow connectFlow;
  private final PublishFlow publishFlow;
  private final SubscribeFlow subscribeFlow;
  private final ArrayDeque<Object> held = new ArrayDeque<>(1);
  private final Set<ScheduledFuture<?>> timers = ConcurrentHashMap.newKeySet();
  private final NoticeAcks notices = new NoticeAcks();
  /**
   * Set (on the loop) once a close waits for the client to acknowledge its notices: the close to make. From then on
   * the client counts as disconnected: nothing it sends is acted on and pending decisions are dropped.
   */
  private volatile Runnable closeWhenNoticed;

  Channel channel;
  State state = State.NEW;
  private boolean gated;
  volatile int protocolVersion = 4;
  volatile String clientId = "";
  volatile Optional<String> username = Optional.empty();
  volatile Session session;
  volatile boolean takenOver;
  Message will;
  /** What the client's CONNECT asked for (MQTT 5 properties, defaults for 3.1.1). */
  volatile ConnectProperties requested = ConnectProperties.V3;
  TopicAliases.Inbound inboundAliases = TopicAliases.Inbound.NONE;
  OutboundPublisher outbound;
  /** Set when a new connection took the client id over and started a clean session (this one's session ended). */
  volatile boolean takeoverEndedSession;
  private volatile Principal principal;
  private ScheduledFuture<?> connectTimeout;
  private volatile long connectedAt;

  public MqttConnection(BrokerContext broker) {
    this.broker = broker;
    this.connectFlow = new ConnectFlow(this);
    this.publishFlow = new PublishFlow(this);
    this.subscribeFlow = new SubscribeFlow(this);
  }

  enum State { NEW, CONNECTING, CONNECTED, CLOSED }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    broker.openChannels().incrementAndGet();
    connectTimeout = ctx.executor().schedule(() -> {
      if (state == State.NEW || state == State.CONNECTING) {
        LOG.info("connection refused: client={} address={} reason=no CONNECT within {} ms", clientId,
            channel.remoteAddress(), broker.options().connectTimeout().toMillis());
        channel.close();
      }
    }, broker.options().connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (state == State.CLOSED) {
      ReferenceCountUtil.release(msg);
    } else if (gated) {
      held.addLast(msg);
    } else {
      dispatch(msg);
    }
  }

  private void dispatch(Object msg) {
    if (!(msg instanceof MqttMessage message)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (message.decoderResult().isFailure()) {
      DecodeFailures.handle(this, message.decoderResult().cause());
      ReferenceCountUtil.release(msg);
      return;
    }
    MqttMessageType type = message.fixedHeader().messageType();
    if (type == MqttMessageType.CONNECT) {
      if (state != State.NEW) {
        protocolViolation("second CONNECT on one connection");
        return;
      }
      state = State.CONNECTING;
      connectFlow.onConnect((MqttConnectMessage) message);
      return;
    }
    if (state != State.CONNECTED) {
      ReferenceCountUtil.release(msg);
      protocolViolation(type + " before CONNECT was accepted");
      return;
    }
    if (closeWhenNoticed != null) {
      // Closing: only the acknowledgements of the notices still matter.
      if (type == MqttMessageType.PUBACK) {
        onPuback(packetId(message));
      }
      ReferenceCountUtil.release(msg);
      return;
    }
    switch (type) {
      case PUBLISH -> publishFlow.onPublish((io.netty.handler.codec.mqtt.MqttPublishMessage) message);
      case PUBACK -> onPuback(packetId(message));
      case PUBREC -> session.onPubrec(packetId(message), failureCode(message));
      case PUBREL -> publishFlow.onPubrel(packetId(message));
      case PUBCOMP -> session.onPubcomp(packetId(message));
      case SUBSCRIBE -> subscribeFlow.onSubscribe((io.netty.handler.codec.mqtt.MqttSubscribeMessage) message);
      case UNSUBSCRIBE -> subscribeFlow.onUnsubscribe((io.netty.handler.codec.mqtt.MqttUnsubscribeMessage) message);
      case PINGREQ -> channel.writeAndFlush(Replies.pingResp());
      case DISCONNECT -> connectFlow.onDisconnect(message);
      // Only a client that named an authentication method in CONNECT may send AUTH, and such a CONNECT is refused.
      case AUTH -> protocolViolation("AUTH without an authentication method in CONNECT");
      default -> protocolViolation("unexpected " + type + " from a client");
    }
  }

  private void onPuback(int packetId) {
    session.onPuback(packetId);
    Runnable close = closeWhenNoticed;
    if (notices.acked(packetId) && close != null) {
      close.run();
    }
  }

  private static int packetId(MqttMessage message) {
    return ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
  }

  private static boolean failureCode(MqttMessage message) {
    return message.variableHeader() instanceof MqttPubReplyMessageVariableHeader h && (h.reasonCode() & 0xFF) >= 0x80;
  }

  /** {@code reason} when the client wants reason strings on acknowledgements (request problem information). */
  String problemInfo(String reason) {
    return protocolVersion == Replies.V5 && requested.requestProblemInformation() ? reason : null;
  }

  void protocolViolation(String what) {
    LOG.info("closing client={} address={}: protocol violation: {}", clientId, remote(), what);
    closeWith(0x82, "protocol error: " + what);
  }

  /** Refuses a CONNECT with a CONNACK and closes. */
  void refuseAndClose(Replies.Refusal refusal, String reason) {
    state = State.CLOSED;
    channel.writeAndFlush(Replies.refuse(protocolVersion, refusal, reason)).addListener(ChannelFutureListener.CLOSE);
  }

  /** MQTT 5: DISCONNECT with {@code reasonCode} after everything already written, then close; 3.1.1: just close. */
  void closeWith(int reasonCode, String reason) {
    if (!channel.isActive() || closeWhenNoticed != null) {
      return;
    }
    // Only a close for lack of authorization follows a notice that explains it; other closes do not wait.
    if (reasonCode == 0x87 && state == State.CONNECTED && !notices.isSettled()) {
      closeAfterNotices(reasonCode, reason);
      return;
    }
    closeNow(reasonCode, reason);
  }

  /** Closes once the client has acknowledged the notices sent to it (see {@link NoticeAcks}), or after a grace. */
  private void closeAfterNotices(int reasonCode, String reason) {
    boolean[] done = {false};
    closeWhenNoticed = () -> {
      if (!done[0]) {
        done[0] = true;
        closeNow(reasonCode, reason);
      }
    };
    timers.add(channel.eventLoop().schedule(closeWhenNoticed, NoticeAcks.GRACE_MILLIS, TimeUnit.MILLISECONDS));
    // Reading must go on for the PUBACK to arrive (dispatch now ignores everything else).
    resume();
  }

  private void closeNow(int reasonCode, String reason) {
    if (!channel.isActive()) {
      return;
    }
    Object last = protocolVersion == Replies.V5 && state == State.CONNECTED
        ? Replies.disconnect(reasonCode, reason) : io.netty.buffer.Unpooled.EMPTY_BUFFER;
    channel.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
  }

  /** Pauses reading while a decision is pending. */
  void gate() {
    gated = true;
    channel.config().setAutoRead(false);
  }

  /** Resumes reading and replays held packets until the next gate. */
  void resume() {
    gated = false;
    while (!gated && !held.isEmpty() && state != State.CLOSED) {
      dispatch(held.pollFirst());
    }
    if (!gated && state != State.CLOSED) {
      channel.config().setAutoRead(true);
    }
  }

  void connected() {
    state = State.CONNECTED;
    connectedAt = System.currentTimeMillis();
    if (connectTimeout != null) {
      connectTimeout.cancel(false);
      connectTimeout = null;
    }
  }

  void setPrincipal(Principal p) {
    this.principal = p;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      LOG.info("closing client={} address={}: keep-alive expired", clientId, remote());
      closeWith(0x8D, "keep alive timeout");
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("connection error client={} address={}: {}", clientId, remote(), cause.toString());
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    State before = state;
    state = State.CLOSED;
    broker.openChannels().decrementAndGet();
    while (!held.isEmpty()) {
      ReferenceCountUtil.release(held.pollFirst());
    }
    timers.forEach(t -> t.cancel(false));
    if (connectTimeout != null) {
      connectTimeout.cancel(false);
    }
    if (before == State.CONNECTED || session != null && principal != null) {
      connectFlow.onClosed();
    }
    ctx.fireChannelInactive();
  }

  // ---- ClientContext -------------------------------------------------------------------------------------------

  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public Optional<String> username() {
    return username;
  }

  @Override
  public int protocolVersion() {
    return protocolVersion;
  }

  @Override
  public SocketAddress remoteAddress() {
    return remote();
  }

  SocketAddress remote() {
    return channel == null ? null : channel.remoteAddress();
  }

  @Override
  public Principal principal() {
    return principal;
  }

  @Override
  public void replacePrincipal(Principal replacement) {
    Principal old = principal;
    principal = replacement;
    if (old != null) {
      broker.connections().unindex(this, old.revocationKeys());
    }
    if (state != State.CLOSED) {
      broker.connections().index(this, replacement.revocationKeys());
    }
  }

  @Override
  public void sendSystemMessage(String topic, byte[] payload) {
    Session s = session;
    if (s != null && isConnected()) {
      Message notice = new Message(topic, payload, 1, false, "");
      notices.handedOver(notice);
      s.deliver(notice);
    }
  }

  @Override
  public void disconnect(String reason) {
    channel.eventLoop().execute(() -> {
      LOG.info("closing client={} address={}: {}", clientId, remote(), reason);
      closeWith(0x87, reason);
    });
  }

  /** When the CONNECT was accepted, epoch milliseconds. */
  public long connectedAt() {
    return connectedAt;
  }

  /** Closes the connection on an administrator's request (MQTT 5 reason 0x98 administrative action). */
  public void closeByAdministrator() {
    channel.eventLoop().execute(() -> {
      LOG.info("closing client={} address={}: closed by an administrator", clientId, remote());
      closeWith(0x98, "closed by an administrator");
    });
  }

  /** Closes because the broker is stopping (MQTT 5 reason 0x8B server shutting down). */
  public io.netty.util.concurrent.Future<?> closeForShutdown() {
    return channel.eventLoop().submit(() -> closeWith(0x8B, "server shutting down"));
  }

  /**
   * Closes because another connection took the client id over (MQTT 5 reason 0x8E); {@code sessionEnded} when the
   * new connection started a clean session.
   */
  void kickForTakeover(boolean sessionEnded) {
    takeoverEndedSession = sessionEnded;
    takenOver = true;
    channel.eventLoop().execute(() -> closeWith(0x8E, "session taken over"));
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    ScheduledFuture<?>[] holder = new ScheduledFuture<?>[1];
    ScheduledFuture<?> f = channel.eventLoop().schedule(() -> {
      timers.remove(holder[0]);
      if (isConnected()) {
        task.run();
      }
    }, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    holder[0] = f;
    timers.add(f);
    if (!channel.isActive()) {
      f.cancel(false);
    }
    return () -> {
      f.cancel(false);
      timers.remove(f);
    };
  }

  @Override
  public boolean isConnected() {
    return channel != null && channel.isActive() && state == State.CONNECTED && closeWhenNoticed == null;
  }

  // ---- SessionChannel ------------------------------------------------------------------------------------------

  @Override
  public void sendPublish(int packetId, Message message, boolean duplicate) {
    notices.sent(packetId, message);
    // Always through the outbound queue, even from the loop itself: PUBLISHes then reach the wire in the order the
    // session decided them, which the broker's topic aliases rely on.
    outbound.enqueue(packetId, message, duplicate);
  }

  @Override
  public void sendPubrel(int packetId) {
    channel.writeAndFlush(Replies.pubReply(MqttMessageType.PUBREL, packetId, 0, protocolVersion));
  }

  PublishFlow publishFlow() {
    return publishFlow;
  }

  SubscribeFlow subscribeFlow() {
    return subscribeFlow;
  }
}
