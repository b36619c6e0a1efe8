package io.mqttbroker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.server.testing.RunningBroker;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;

/** The assembled broker with its embedded defaults: fail-closed without credentials, anonymous only when asked. */
class BrokerServerTest {

  @Test
  void withDefaultsAClientWithoutCredentialsIsRefused() throws Exception {
    try (RunningBroker broker = RunningBroker.start(); Paho.V3 c = Paho.v3(broker.mqttUri(), "nobody")) {
      MqttException e = assertThrows(MqttException.class, () -> c.connect(Paho.v3Options(null, null, true)));
      assertEquals(5, e.getReasonCode());
      MqttException unknownUser = assertThrows(MqttException.class,
          () -> c.connect(Paho.v3Options("someone", "pw", true)));
      assertEquals(5, unknownUser.getReasonCode());
    }
  }

  @Test
  void anonymousAccessWorksOnlyWhenEnabled() throws Exception {
    try (RunningBroker broker = RunningBroker.start(Map.of("mqtt.allow-anonymous", "true"));
        Paho.V3 sub = Paho.v3(broker.mqttUri(), "anon-sub"); Paho.V5 pub = Paho.v5(broker.mqttUri(), "anon-pub")) {
      sub.connect(Paho.v3Options(null, null, true));
      pub.connect(Paho.v5Options(null, null, true));
      sub.client.subscribe("open/#", 2);
      pub.publish("open/door", "hi", 2, false);
      assertEquals("hi", sub.received.next().payload());
    }
  }

  @Test
  void healthAndOpenApiAreServedWithoutCredentials() {
    try (RunningBroker broker = RunningBroker.start()) {
      var anonymous = broker.as(null, null);
      var health = anonymous.get("/health");
      assertEquals(200, health.status());
      assertEquals("UP", health.text("status"));
      assertEquals(200, anonymous.get("/api/v1/openapi.json").status());
      assertEquals(401, anonymous.get("/api/v1/access-keys").status());
      assertTrue(broker.owner().get("/metrics").raw().contains("mqtt_clients_connected"));
    }
  }
}
