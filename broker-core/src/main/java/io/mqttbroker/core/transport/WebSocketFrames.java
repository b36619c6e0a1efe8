package io.mqttbroker.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * MQTT over WebSocket: the payload of binary (and continuation) frames is the MQTT byte stream - a packet may span
 * frames and a frame may hold several packets, which the MQTT decoder after this handler sorts out - and every encoded
 * packet goes out as one binary frame. An HTTP request for any other path than the MQTT one gets a 404.
 */
final class WebSocketFrames extends MessageToMessageCodec<Object, ByteBuf> {
  @Override
  protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
    out.add(new BinaryWebSocketFrame(msg.retain()));
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
    if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
      out.add(((WebSocketFrame) msg).content().retain());
    } else if (msg instanceof FullHttpRequest request) {
      DefaultFullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(),
          HttpResponseStatus.NOT_FOUND);
      response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    } else if (msg instanceof WebSocketFrame) {
      // MQTT is binary only (MQTT 5 section 6): a text frame ends the connection.
      ctx.close();
    }
  }
}
