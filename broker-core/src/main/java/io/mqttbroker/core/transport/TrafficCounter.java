package io.mqttbroker.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the bytes every connection reads and writes, at the socket (TLS and WebSocket framing included). */
@Sharable
final class TrafficCounter extends ChannelDuplexHandler {
  private final AtomicLong in;
  private final AtomicLong out;

  TrafficCounter(AtomicLong in, AtomicLong out) {
    this.in = in;
    this.out = out;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    in.addAndGet(size(msg));
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    out.addAndGet(size(msg));
    ctx.write(msg, promise);
  }

  private static long size(Object msg) {
    if (msg instanceof ByteBuf b) {
      return b.readableBytes();
    }
    return msg instanceof ByteBufHolder h ? h.content().readableBytes() : 0;
  }
}
