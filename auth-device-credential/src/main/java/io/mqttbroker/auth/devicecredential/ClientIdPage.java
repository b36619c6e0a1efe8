package io.mqttbroker.auth.devicecredential;

import java.util.List;
import java.util.Optional;

/**
 * One page of ListDeviceCredentialClientId.
 *
 * @param clientIds the client ids of this page, in ascending order
 * @param nextToken the opaque token of the next page; empty on the last page
 * @param total how many credentials match the filter in all pages
 */
public record ClientIdPage(List<String> clientIds, Optional<String> nextToken, long total) {
  public ClientIdPage {
    clientIds = List.copyOf(clientIds);
  }
}
