package io.mqttbroker.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @Test
  void defaultsAreDocumented() {
    Settings s = Settings.load(null, Map.of());
    assertEquals(1883, s.getInt("mqtt.port"));
    assertEquals(8080, s.getInt("mqtt.admin-port"));
    assertEquals("./data", s.get("mqtt.data-dir"));
    assertEquals("mqtt-local", s.get("mqtt.instance-id"));
    assertEquals(false, s.getBoolean("mqtt.allow-anonymous"));
    assertEquals("disconnect", s.get("auth.on-deny"));
  }

  @Test
  void environmentOverridesFileOverridesDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broker.conf");
    Files.writeString(file, "mqtt.port=2883\nmqtt.instance-id=from-file\nauth.on-deny=reject\n");
    Settings s = Settings.load(file, Map.of("MQTT_PORT", "3883", "MQTT_ALLOW_ANONYMOUS", "true",
        "MQTT_MAX_CONNECTIONS", "77", "MQTT_ADMIN_ACCESS_KEY_ID", "AKX", "MQTT_AUTH_TIMEOUT", "250ms"));
    assertEquals(3883, s.getInt("mqtt.port"));
    assertEquals("from-file", s.get("mqtt.instance-id"));
    assertEquals("reject", s.get("auth.on-deny"));
    assertTrue(s.getBoolean("mqtt.allow-anonymous"));
    assertEquals(77, s.getInt("mqtt.max-connections"));
    assertEquals("AKX", s.get("mqtt.admin-access-key-id"));
    assertEquals(Duration.ofMillis(250), s.getDuration("auth.timeout"));
  }

  @Test
  void envNamesFollowOneRule() {
    assertEquals("MQTT_PORT", Settings.envName("mqtt.port"));
    assertEquals("MQTT_DATA_DIR", Settings.envName("mqtt.data-dir"));
    assertEquals("MQTT_AUTH_ON_DENY", Settings.envName("auth.on-deny"));
    assertEquals("MQTT_TOKEN_MIN_LIFETIME", Settings.envName("token.min-lifetime"));
  }

  @Test
  void unknownKeysAndBadValuesAreClearErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, "mqtt.prot=1\n");
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Settings.load(file, Map.of()));
    assertTrue(unknown.getMessage().contains("mqtt.prot"));
    Settings s = Settings.load(null, Map.of("MQTT_PORT", "abc", "MQTT_AUTH_TIMEOUT", "soon"));
    IllegalArgumentException port = assertThrows(IllegalArgumentException.class, () -> s.getInt("mqtt.port"));
    assertTrue(port.getMessage().contains("MQTT_PORT"));
    assertThrows(IllegalArgumentException.class, () -> s.getDuration("auth.timeout"));
  }
}
