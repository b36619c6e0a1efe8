package io.mqttbroker.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.ListenerOptions.Transport;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestCertificates;
import io.mqttbroker.core.testing.TestCertificates.Authority;
import io.mqttbroker.core.testing.TestCertificates.Issued;
import io.mqttbroker.server.config.Settings;
import io.mqttbroker.server.testing.Passwords;
import io.mqttbroker.server.testing.RunningBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transports as configured in broker.properties: TLS, WebSocket and WSS next to TCP, with the same auth modes. */
class TransportSettingsTest {
  @TempDir
  Path dir;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static MqttConnectionOptions owner(String clientId) {
    return Paho.v5Options("Signature|" + RunningBroker.OWNER_ID + "|" + RunningBroker.INSTANCE,
        Passwords.signed(RunningBroker.OWNER_SECRET, clientId), true);
  }

  @Test
  void environmentVariablesAreTheDocumentedOnes() {
    Map<String, String> expected = Map.of("mqtt.tls-port", "MQTT_TLS_PORT", "mqtt.tls-cert-file", "MQTT_TLS_CERT_FILE",
        "mqtt.tls-key-file", "MQTT_TLS_KEY_FILE", "mqtt.tls-client-ca-file", "MQTT_TLS_CLIENT_CA_FILE",
        "mqtt.ws-port", "MQTT_WS_PORT", "mqtt.wss-port", "MQTT_WSS_PORT");
    Settings defaults = Settings.load(null, Map.of());
    expected.forEach((key, env) -> {
      assertEquals(env, Settings.envName(key));
      defaults.get(key);
    });
    assertEquals(8883, defaults.getInt("mqtt.tls-port"));
    assertEquals(8083, defaults.getInt("mqtt.ws-port"));
    assertEquals(8084, defaults.getInt("mqtt.wss-port"));
    assertEquals("", defaults.get("mqtt.tls-cert-file"), "TLS and WSS stay off until a certificate is configured");
  }

  @Test
  void signatureClientsConnectOverTlsWebSocketAndSecureWebSocket() throws Exception {
    Authority ca = Authority.create("Server CA");
    Issued server = ca.server("broker");
    int tls = freePort();
    int ws = freePort();
    int wss = freePort();
    try (RunningBroker broker = RunningBroker.start(Map.of(
        "mqtt.tls-port", String.valueOf(tls), "mqtt.ws-port", String.valueOf(ws), "mqtt.wss-port", String.valueOf(wss),
        "mqtt.tls-cert-file", server.writeCertificate(dir.resolve("cert.pem")).toString(),
        "mqtt.tls-key-file", server.writeKey(dir.resolve("key.pem")).toString()));
        Paho.V5 overTls = Paho.v5("ssl://127.0.0.1:" + tls, "tls-client");
        Paho.V5 overWs = Paho.v5("ws://127.0.0.1:" + ws + "/mqtt", "ws-client");
        Paho.V5 overWss = Paho.v5("wss://127.0.0.1:" + wss + "/mqtt", "wss-client")) {
      assertEquals(tls, broker.app().broker().port(Transport.TLS));
      MqttConnectionOptions tlsOptions = owner("tls-client");
      tlsOptions.setSocketFactory(TestCertificates.clientSocketFactory(ca, null));
      overTls.connect(tlsOptions);
      overWs.connect(owner("ws-client"));
      MqttConnectionOptions wssOptions = owner("wss-client");
      wssOptions.setSocketFactory(TestCertificates.clientSocketFactory(ca, null));
      overWss.connect(wssOptions);
      overTls.subscribe("all/#", 1);
      overWss.subscribe("all/#", 1);
      overWs.publish("all/hello", "hi", 1, false);
      assertEquals("hi", overTls.received.next().payload());
      assertEquals("hi", overWss.received.next().payload());
    }
  }

  @Test
  void aPortOfZeroOrNoCertificateTurnsTheListenerOff() {
    try (RunningBroker broker = RunningBroker.start(Map.of("mqtt.tls-port", "8883", "mqtt.ws-port", "0"))) {
      assertThrows(IllegalStateException.class, () -> broker.app().broker().port(Transport.TLS));
      assertThrows(IllegalStateException.class, () -> broker.app().broker().port(Transport.WS));
      assertTrue(broker.mqttPort() > 0);
    }
  }

  @Test
  void aCertificateWithoutItsKeyIsAClearStartupError() throws Exception {
    Issued server = Authority.create("CA").server("broker");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunningBroker.start(Map.of(
        "mqtt.tls-cert-file", server.writeCertificate(dir.resolve("cert.pem")).toString())));
    assertTrue(e.getMessage().contains("MQTT_TLS_KEY_FILE"), e.getMessage());
  }
}
