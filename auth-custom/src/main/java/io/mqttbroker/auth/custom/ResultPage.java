package io.mqttbroker.auth.custom;

import java.util.List;
import java.util.Optional;

/**
 * One page of a query.
 *
 * @param results at most the requested size, in key order
 * @param nextToken the opaque token of the next page, empty on the last page
 * @param total how many entries match the filters (all pages)
 */
public record ResultPage<T>(List<T> results, Optional<String> nextToken, long total) {
  public ResultPage {
    results = List.copyOf(results);
  }
}
