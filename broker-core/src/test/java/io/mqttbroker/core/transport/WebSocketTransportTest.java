package io.mqttbroker.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.core.ListenerOptions;
import io.mqttbroker.core.ListenerOptions.Transport;
import io.mqttbroker.core.TlsOptions;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestAuthenticators;
import io.mqttbroker.core.testing.TestAuthorizers;
import io.mqttbroker.core.testing.TestBroker;
import io.mqttbroker.core.testing.TestCertificates;
import io.mqttbroker.core.testing.TestCertificates.Authority;
import io.mqttbroker.core.testing.TestCertificates.Issued;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MQTT over WebSocket ({@code ws://host:port/mqtt}, subprotocol mqtt) and over secure WebSocket, with real Paho. */
class WebSocketTransportTest {
  @TempDir
  Path dir;
  private final Authority ca = Authority.create("WS CA");
  private TestBroker broker;

  @BeforeEach
  void start() throws Exception {
    Issued server = ca.server("broker.test");
    TlsOptions tls = TlsOptions.of(server.writeCertificate(dir.resolve("server.pem")),
        server.writeKey(dir.resolve("key.pem")));
    broker = new TestBroker(BrokerOptions.defaults(), List.of(TestAuthenticators.password("user", "secret")),
        List.of(TestAuthorizers.allowingAll()), Duration.ofSeconds(5), List.of(ListenerOptions.tcp("127.0.0.1", 0),
            ListenerOptions.ws("127.0.0.1", 0), ListenerOptions.wss("127.0.0.1", 0, tls)));
  }

  @AfterEach
  void stop() {
    broker.close();
  }

  private String ws() {
    return "ws://127.0.0.1:" + broker.port(Transport.WS) + "/mqtt";
  }

  private String wss() {
    return "wss://127.0.0.1:" + broker.port(Transport.WSS) + "/mqtt";
  }

  @Test
  void v3ClientOverWebSocketTalksToATcpClient() throws Exception {
    try (Paho.V3 browser = Paho.v3(ws(), "browser"); Paho.V3 device = Paho.v3(broker.uri(), "device")) {
      browser.connect(Paho.v3Options("user", "secret", true));
      device.connect(Paho.v3Options("user", "secret", true));
      browser.client.subscribe("telemetry/#", 1);
      device.publish("telemetry/t1", "21.5", 1, false);
      assertEquals("21.5", browser.received.next().payload());
      browser.publish("commands/d1", "on", 1, false);
    }
  }

  @Test
  void v5ClientOverWebSocketCarriesLargeMessages() throws Exception {
    try (Paho.V5 client = Paho.v5(ws(), "ws5")) {
      client.connect(Paho.v5Options("user", "secret", true));
      client.subscribe("big", 1);
      String big = "x".repeat(200_000);
      client.publish("big", big, 1, false);
      assertEquals(big, client.received.next().payload());
    }
  }

  @Test
  void v5ClientOverSecureWebSocket() throws Exception {
    try (Paho.V5 client = Paho.v5(wss(), "wss5"); Paho.V5 tcp = Paho.v5(broker.uri(), "tcp5")) {
      MqttConnectionOptions options = Paho.v5Options("user", "secret", true);
      options.setSocketFactory(TestCertificates.clientSocketFactory(ca, null));
      client.connect(options);
      client.subscribe("secure/#", 1);
      tcp.connect(Paho.v5Options("user", "secret", true));
      tcp.publish("secure/1", "over wss", 1, false);
      assertEquals("over wss", client.received.next().payload());
    }
  }

  @Test
  void sameAuthenticationAppliesOverWebSocket() throws Exception {
    try (Paho.V5 client = Paho.v5(ws(), "intruder")) {
      MqttException e = assertThrows(MqttException.class,
          () -> client.connect(Paho.v5Options("user", "wrong", true)));
      assertEquals(0x86, e.getReasonCode());
    }
  }

  @Test
  void anotherPathIsNotFound() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", broker.port(Transport.WS))) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /other HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Protocol: mqtt\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertTrue(status.startsWith("HTTP/1.1 404"), status);
    }
  }
}
