package io.mqttbroker.auth.signature;

import java.util.List;
import java.util.Optional;

/**
 * One page of access keys, in id order.
 *
 * @param results the keys of this page, without secrets
 * @param nextToken where the next page starts (opaque); empty on the last page
 * @param total how many access keys exist
 */
public record AccessKeyPage(List<AccessKeySummary> results, Optional<String> nextToken, long total) {
  public AccessKeyPage {
    results = List.copyOf(results);
  }
}
