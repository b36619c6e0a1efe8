package io.mqttbroker.admin.server;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** The one place that turns a {@link RenderedResponse} into a Netty response with the common headers. */
final class NettyResponses {
  static final String REQUEST_ID_HEADER = "X-Request-Id";

  private NettyResponses() {}

  static FullHttpResponse toNetty(RenderedResponse response, String requestId, boolean keepAlive) {
    FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(response.status()),
        response.body().length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(response.body()));
    HttpHeaders headers = http.headers();
    if (!response.contentType().isEmpty()) {
      headers.set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
    }
    if (response.status() != 204) {
      headers.setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
    }
    headers.set(REQUEST_ID_HEADER, requestId);
    // Answers may carry secrets (created keys, device credentials): no cache may keep them.
    headers.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    headers.set("X-Content-Type-Options", "nosniff");
    response.headers().forEach(headers::set);
    if (!keepAlive) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return http;
  }
}
