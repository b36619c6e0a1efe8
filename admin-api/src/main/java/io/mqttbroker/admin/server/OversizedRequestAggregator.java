package io.mqttbroker.admin.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.util.function.Function;

/**
 * Netty's aggregator with the admin API's 413: instead of Netty's empty answer, an oversized request is passed on
 * as an {@link Oversized} marker so the channel handler answers it in order, as JSON {@code RequestTooLarge}. As in
 * Netty, the connection stays open when the client asked for keep-alive (the rest of the body is read and dropped)
 * and is closed otherwise. An {@code Expect: 100-continue} request that announces too large a body is refused
 * before the body is sent, with the same JSON.
 */
final class OversizedRequestAggregator extends HttpObjectAggregator {

  /** A request whose body was over the limit; {@code keepOpen} whether the connection can carry on. */
  record Oversized(String method, String uri, String remoteAddress, boolean keepOpen) {}

  private final Function<HttpRequest, FullHttpResponse> continueRefusal;

  OversizedRequestAggregator(int maxBodyBytes, Function<HttpRequest, FullHttpResponse> continueRefusal) {
    super(maxBodyBytes);
    this.continueRefusal = continueRefusal;
  }

  @Override
  protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    Object response = super.newContinueResponse(start, maxContentLength, pipeline);
    if (response instanceof FullHttpResponse refused && refused.status().code() == 413
        && start instanceof HttpRequest request) {
      refused.release();
      return continueRefusal.apply(request);
    }
    return response;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
    if (!(oversized instanceof HttpRequest request)) {
      super.handleOversizedMessage(ctx, oversized);
      return;
    }
    boolean keepOpen = !(oversized instanceof FullHttpMessage)
        && (HttpUtil.is100ContinueExpected(oversized) || HttpUtil.isKeepAlive(oversized));
    ctx.fireChannelRead(new Oversized(request.method().name(), request.uri(),
        AdminHttpHandler.remoteAddress(ctx.channel()), keepOpen));
  }
}
