package io.mqttbroker.auth.custom;

import java.util.Optional;

/**
 * Which page of a query to read.
 *
 * @param size 1..100 entries
 * @param nextToken empty for the first page, else the token a previous page returned
 */
public record PageQuery(int size, Optional<String> nextToken) {
  public static final int MAX_SIZE = 100;

  public PageQuery {
    if (size < 1 || size > MAX_SIZE) {
      throw CustomAuthException.invalid("Size", "Size must be from 1 to " + MAX_SIZE);
    }
  }

  public static PageQuery first(int size) {
    return new PageQuery(size, Optional.empty());
  }
}
