package io.mqttbroker.core.protocol;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;

/**
 * Deliveries that a burst of PUBLISHes read on one event loop makes to clients of the same loop go out at the end of
 * that read burst - before the publisher's acknowledgements are flushed and before the loop turns to its other
 * channels and tasks - with one flush per subscriber for the whole burst. Deliveries from other loops, or made
 * outside a read, take the task path of {@link OutboundPublisher} alone (which stays scheduled here too, as a fallback,
 * and then finds nothing left to write).
 *
 * <p>Sits in every MQTT pipeline in front of Netty's flush consolidation, which flushes at the end of a read.
 */
@Sharable
public final class SameLoopDeliveries extends ChannelInboundHandlerAdapter {
  public static final SameLoopDeliveries INSTANCE = new SameLoopDeliveries();

  private static final FastThreadLocal<Burst> BURST = new FastThreadLocal<>() {
    @Override
    protected Burst initialValue() {
      return new Burst();
    }
  };

  private SameLoopDeliveries() {}

  /** The read burst in progress on one event loop thread, and the connections to drain at its end. */
  private static final class Burst {
    boolean reading;
    List<OutboundPublisher> due = new ArrayList<>();
  }

  /**
   * Asks for {@code outbound} to be drained at the end of the read burst in progress on the calling thread (an event
   * loop, the connection's own); false when no read is in progress.
   */
  static boolean drainAtEndOfRead(OutboundPublisher outbound) {
    Burst burst = BURST.get();
    if (!burst.reading) {
      return false;
    }
    burst.due.add(outbound);
    return true;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    BURST.get().reading = true;
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    drainDue();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    drainDue();
    ctx.fireChannelInactive();
  }

  private static void drainDue() {
    Burst burst = BURST.get();
    burst.reading = false;
    if (burst.due.isEmpty()) {
      return;
    }
    List<OutboundPublisher> due = burst.due;
    burst.due = new ArrayList<>();
    for (OutboundPublisher outbound : due) {
      outbound.drainNow();
    }
  }
}
