package io.mqttbroker.admin.server;

import java.util.Map;

/**
 * A response ready for the wire, free of Netty types.
 *
 * @param status HTTP status
 * @param contentType the Content-Type, empty for no body
 * @param body the bytes to send (empty for 204)
 * @param headers extra headers (Allow, WWW-Authenticate, Retry-After)
 */
record RenderedResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
  RenderedResponse {
    headers = Map.copyOf(headers);
  }
}
