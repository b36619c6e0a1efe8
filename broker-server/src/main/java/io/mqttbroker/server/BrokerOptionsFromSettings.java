package io.mqttbroker.server;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.server.config.Settings;
import java.util.Locale;

/** Reads the MQTT limits and switches out of the configuration. */
final class BrokerOptionsFromSettings {
  private BrokerOptionsFromSettings() {}

  static BrokerOptions read(Settings s) {
    String onDeny = s.get("auth.on-deny").toUpperCase(Locale.ROOT);
    if (!onDeny.equals("DISCONNECT") && !onDeny.equals("REJECT")) {
      throw new IllegalArgumentException("auth.on-deny (MQTT_AUTH_ON_DENY) must be disconnect or reject, got '"
          + s.get("auth.on-deny") + "'");
    }
    return new BrokerOptions(
        positive(s, "mqtt.max-packet-size"),
        positive(s, "mqtt.max-connections"),
        Math.min(65535, positive(s, "mqtt.max-inflight")),
        positive(s, "mqtt.max-queued-messages"),
        positive(s, "mqtt.max-topic-length"),
        positive(s, "mqtt.max-topic-levels"),
        positive(s, "mqtt.max-client-id-length"),
        s.getDuration("mqtt.connect-timeout"),
        BrokerOptions.OnDeny.valueOf(onDeny),
        s.getBoolean("auth.require-group-format"));
  }

  private static int positive(Settings s, String key) {
    int v = s.getInt(key);
    if (v < 1) {
      throw new IllegalArgumentException(key + " (" + Settings.envName(key) + ") must be at least 1, got " + v);
    }
    return v;
  }
}
