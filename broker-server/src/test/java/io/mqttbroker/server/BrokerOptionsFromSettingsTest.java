package io.mqttbroker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.server.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerOptionsFromSettingsTest {

  @Test
  void defaultsAreTheBrokersOwn() {
    assertEquals(BrokerOptions.defaults(), BrokerOptionsFromSettings.read(Settings.load(null, Map.of())));
  }

  @Test
  void eventLoopsAndOutboundLimitFromTheEnvironment() {
    BrokerOptions o = BrokerOptionsFromSettings.read(Settings.load(null,
        Map.of("MQTT_EVENT_LOOPS", "3", "MQTT_MAX_OUTBOUND_BYTES", "65536")));
    assertEquals(3, o.eventLoopsToStart(16));
    assertEquals(65536, o.maxOutboundBytes());
    assertThrows(IllegalArgumentException.class,
        () -> BrokerOptionsFromSettings.read(Settings.load(null, Map.of("MQTT_EVENT_LOOPS", "-1"))));
  }

  @Test
  void automaticEventLoopsLeaveACoreSpare() {
    BrokerOptions o = BrokerOptions.defaults();
    assertEquals(1, o.eventLoopsToStart(1));
    assertEquals(1, o.eventLoopsToStart(2));
    assertEquals(7, o.eventLoopsToStart(8));
  }
}
