package io.mqttbroker.server.signature;

import java.util.Map;

/** Signature mode end to end on the embedded default store (an H2 file in the broker's data directory). */
class SignatureEndToEndTest extends SignatureScenarios {
  @Override
  Map<String, String> freshStore() {
    // RunningBroker gives every broker a new data directory, hence a new embedded database.
    return Map.of();
  }
}
