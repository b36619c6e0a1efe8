package io.mqttbroker.admin.http;

import java.util.Optional;

/** Checks the access key id and secret of an admin request; empty when they are unknown or wrong. May block. */
@FunctionalInterface
public interface CallerVerifier {
  Optional<Caller> verify(String accessKeyId, String accessKeySecret);
}
