package io.mqttbroker.server.devicecredential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.server.testing.AdminClient;
import io.mqttbroker.server.testing.Passwords;
import io.mqttbroker.server.testing.RunningBroker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/** Device credentials as a device and its application server see them: admin calls and CONNECT fields. */
final class Devices {
  static final String BASE = "/api/v1/device-credentials";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Devices() {}

  /** One registered credential, read from an admin answer. */
  record Device(String clientId, String keyId, String secret, long createTime, long updateTime) {
    static Device from(JsonNode body) {
      return new Device(body.path("clientId").asText(), body.path("deviceAccessKeyId").asText(),
          body.path("deviceAccessKeySecret").asText(), body.path("createTime").asLong(),
          body.path("updateTime").asLong());
    }

    String username() {
      return username(RunningBroker.INSTANCE);
    }

    String username(String instanceId) {
      return "DeviceCredential|" + keyId + "|" + instanceId;
    }

    /** Base64(HMAC-SHA1(DeviceAccessKeySecret, ClientId)), as a device computes it. */
    String password() {
      return Passwords.signed(secret, clientId);
    }

    MqttConnectOptions v3() {
      return Paho.v3Options(username(), password(), true);
    }

    MqttConnectionOptions v5() {
      return Paho.v5Options(username(), password(), true);
    }
  }

  /** RegisterDeviceCredential through the API; fails unless it answers 201 or 200. */
  static Device register(AdminClient admin, String clientId) {
    AdminClient.Answer a = admin.post(BASE, json(Map.of("clientId", clientId)));
    assertTrue(a.status() == 201 || a.status() == 200, () -> "register " + clientId + ": " + a.raw());
    return Device.from(a.body());
  }

  /** The path of one client id's credential, percent-encoded as a careful HTTP client does. */
  static String path(String clientId) {
    return BASE + "/" + URLEncoder.encode(clientId, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String json(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
