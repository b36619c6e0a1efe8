package io.mqttbroker.admin.http;

import java.util.Optional;

/** {@code size} (1..100, default 20) and the opaque {@code nextToken} of a list request. */
public record PageRequest(int size, Optional<String> nextToken) {
  public static final int DEFAULT_SIZE = 20;
  public static final int MAX_SIZE = 100;

  /** Reads and validates {@code size} and {@code nextToken} from the query string. */
  public static PageRequest from(AdminRequest request) {
    int size = DEFAULT_SIZE;
    Optional<String> raw = request.queryParam("size");
    if (raw.isPresent()) {
      try {
        size = Integer.parseInt(raw.get());
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < 1 || size > MAX_SIZE) {
        throw ApiException.badRequest("InvalidParameter.Size", "size must be an integer from 1 to " + MAX_SIZE);
      }
    }
    return new PageRequest(size, request.queryParam("nextToken"));
  }
}
