package io.mqttbroker.server.custom;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.server.testing.RunningBroker;
import org.eclipse.paho.client.mqttv3.MqttException;

/** Real Paho clients connecting to a {@link RunningBroker} the way a device with custom credentials does. */
final class Devices {
  private Devices() {}

  /** A connected MQTT 3.1.1 client (clean session); the caller closes it. */
  static Paho.V3 v3(RunningBroker broker, String clientId, String username, String password) throws MqttException {
    Paho.V3 client = Paho.v3(broker.mqttUri(), clientId);
    try {
      return client.connect(Paho.v3Options(username, password, true));
    } catch (MqttException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** A connected MQTT 5 client (clean start); the caller closes it. */
  static Paho.V5 v5(RunningBroker broker, String clientId, String username, String password)
      throws org.eclipse.paho.mqttv5.common.MqttException {
    Paho.V5 client = Paho.v5(broker.mqttUri(), clientId);
    try {
      client.connect(Paho.v5Options(username, password, true));
      return client;
    } catch (org.eclipse.paho.mqttv5.common.MqttException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** The CONNACK return code of a refused MQTT 3.1.1 CONNECT (fails the test if it is accepted). */
  static int v3Refusal(RunningBroker broker, String clientId, String username, String password) throws Exception {
    try (Paho.V3 c = Paho.v3(broker.mqttUri(), clientId)) {
      return assertThrows(MqttException.class, () -> c.connect(Paho.v3Options(username, password, true)),
          "CONNECT of " + clientId + " should be refused").getReasonCode();
    }
  }

  /** The CONNACK reason code of a refused MQTT 5 CONNECT (fails the test if it is accepted). */
  static int v5Refusal(RunningBroker broker, String clientId, String username, String password) throws Exception {
    try (Paho.V5 c = Paho.v5(broker.mqttUri(), clientId)) {
      return assertThrows(org.eclipse.paho.mqttv5.common.MqttException.class,
          () -> c.connect(Paho.v5Options(username, password, true)),
          "CONNECT of " + clientId + " should be refused").getReasonCode();
    }
  }
}
