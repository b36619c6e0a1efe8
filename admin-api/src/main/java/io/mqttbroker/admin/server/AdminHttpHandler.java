package io.mqttbroker.admin.server;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-connection end of the pipeline. It copies each request off its buffer, hands it to the dispatcher (the
 * handler pool) and writes the answer back on this channel's event loop. Requests of one connection are answered
 * one at a time and in order: reading pauses while one is in flight, and pipelined requests already read wait in a
 * small queue. All state is touched only on the event loop.
 */
final class AdminHttpHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(AdminHttpHandler.class);
  private static final byte[] NO_BODY = new byte[0];

  private enum Kind { DISPATCH, TOO_LARGE, MALFORMED }

  private record Pending(IncomingRequest request, boolean keepAlive, Kind kind) {}

  private final RequestDispatcher dispatcher;
  private final int maxBodyBytes;
  private final Deque<Pending> pending = new ArrayDeque<>();
  private boolean busy;

  AdminHttpHandler(RequestDispatcher dispatcher, int maxBodyBytes) {
    this.dispatcher = dispatcher;
    this.maxBodyBytes = maxBodyBytes;
  }

  static String remoteAddress(Channel channel) {
    SocketAddress address = channel.remoteAddress();
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return String.valueOf(address);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof FullHttpRequest request) {
      try {
        pending.add(accept(ctx, request));
      } finally {
        request.release();
      }
    } else if (msg instanceof OversizedRequestAggregator.Oversized oversized) {
      IncomingRequest request = new IncomingRequest(RequestIds.next(), oversized.method(), oversized.uri(), "",
          oversized.remoteAddress(), NO_BODY, System.nanoTime());
      pending.add(new Pending(request, oversized.keepOpen(), Kind.TOO_LARGE));
    } else {
      ReferenceCountUtil.release(msg);
      return;
    }
    drain(ctx);
  }

  private Pending accept(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean malformed = request.decoderResult().isFailure();
    // HTTP/1.0 keep-alive is rare for API clients; closing after each answer keeps the framing simple.
    boolean keepAlive = !malformed && request.protocolVersion().equals(HttpVersion.HTTP_1_1)
        && HttpUtil.isKeepAlive(request);
    IncomingRequest incoming = new IncomingRequest(
        RequestIds.next(),
        request.method().name(),
        request.uri(),
        request.headers().get(HttpHeaderNames.AUTHORIZATION, ""),
        remoteAddress(ctx.channel()),
        malformed ? NO_BODY : ByteBufUtil.getBytes(request.content()),
        System.nanoTime());
    return new Pending(incoming, keepAlive, malformed ? Kind.MALFORMED : Kind.DISPATCH);
  }

  private void drain(ChannelHandlerContext ctx) {
    if (busy) {
      return;
    }
    Pending next = pending.poll();
    if (next == null) {
      ctx.channel().config().setAutoRead(true);
      return;
    }
    busy = true;
    ctx.channel().config().setAutoRead(false);
    switch (next.kind()) {
      case DISPATCH -> dispatcher.dispatch(next.request(),
          response -> ctx.executor().execute(() -> complete(ctx, next, response)));
      case TOO_LARGE -> complete(ctx, next, dispatcher.reject(next.request(), ServerErrors.tooLarge(maxBodyBytes)));
      case MALFORMED -> complete(ctx, next, dispatcher.reject(next.request(), ServerErrors.malformedRequest()));
      default -> throw new IllegalStateException("unknown request kind " + next.kind());
    }
  }

  private void complete(ChannelHandlerContext ctx, Pending done, RenderedResponse response) {
    busy = false;
    if (!ctx.channel().isActive()) {
      pending.clear();
      return;
    }
    var future = ctx.writeAndFlush(NettyResponses.toNetty(response, done.request().requestId(), done.keepAlive()));
    if (!done.keepAlive()) {
      pending.clear();
      future.addListener(ChannelFutureListener.CLOSE);
      return;
    }
    drain(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      if (!busy && pending.isEmpty()) {
        ctx.close();
      }
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    pending.clear();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("admin HTTP connection from {} failed; closing it", remoteAddress(ctx.channel()), cause);
    ctx.close();
  }
}
