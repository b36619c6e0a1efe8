package io.mqttbroker.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.core.ListenerOptions;
import io.mqttbroker.core.ListenerOptions.Transport;
import io.mqttbroker.core.TlsOptions;
import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.Authenticator;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.Principal;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestAuthorizers;
import io.mqttbroker.core.testing.TestBroker;
import io.mqttbroker.core.testing.TestCertificates;
import io.mqttbroker.core.testing.TestCertificates.Authority;
import io.mqttbroker.core.testing.TestCertificates.Issued;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MQTT over TLS and mutual TLS, with certificates made by the test: valid, expired, from the wrong CA. */
class TlsTransportTest {
  /** Allows a client by the CN of its verified certificate; without one, leaves it to the next authenticator. */
  private static final Authenticator BY_CERTIFICATE = new Authenticator() {
    @Override
    public String name() {
      return "byCertificate";
    }

    @Override
    public CompletionStage<AuthenticationResult> authenticate(ConnectRequest r) {
      return CompletableFuture.completedFuture(r.tlsCommonName()
          .<AuthenticationResult>map(cn -> AuthenticationResult.Allow.of(Principal.of("cert", cn, Set.of("cn:" + cn))))
          .orElse(AuthenticationResult.IGNORE));
    }
  };

  @TempDir
  Path dir;
  private final Authority ca = Authority.create("Test CA");
  private final Authority otherCa = Authority.create("Other CA");
  private TlsOptions serverTls;
  private TestBroker broker;

  @BeforeEach
  void certificates() throws Exception {
    Issued server = ca.server("broker.test");
    serverTls = TlsOptions.of(server.writeCertificate(dir.resolve("server.pem")), server.writeKey(dir.resolve("key.pem")));
  }

  @AfterEach
  void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  private void start(TlsOptions tls) {
    broker = new TestBroker(BrokerOptions.defaults(), List.of(BY_CERTIFICATE, io.mqttbroker.core.testing.TestAuthenticators
        .password("user", "secret")), List.of(TestAuthorizers.allowingAll()), Duration.ofSeconds(5),
        List.of(ListenerOptions.tcp("127.0.0.1", 0), ListenerOptions.tls("127.0.0.1", 0, tls)));
  }

  private String tlsUri() {
    return "ssl://127.0.0.1:" + broker.port(Transport.TLS);
  }

  private static MqttConnectionOptions over(SSLSocketFactory factory, String user, String password) {
    MqttConnectionOptions o = Paho.v5Options(user, password, true);
    o.setSocketFactory(factory);
    return o;
  }

  @Test
  void clientConnectsOverTlsAndTalksToTcpClients() throws Exception {
    start(serverTls);
    try (Paho.V5 secure = Paho.v5(tlsUri(), "secure"); Paho.V3 plain = Paho.v3(broker.uri(), "plain")) {
      plain.connect(Paho.v3Options("user", "secret", true));
      secure.connect(over(TestCertificates.clientSocketFactory(ca, null), "user", "secret"));
      secure.subscribe("mixed/#", 1);
      plain.publish("mixed/1", "from tcp", 1, false);
      assertEquals("from tcp", secure.received.next().payload());
    }
  }

  @Test
  void sameAuthenticationAppliesOverTls() throws Exception {
    start(serverTls);
    try (Paho.V5 wrong = Paho.v5(tlsUri(), "wrong")) {
      MqttException e = assertThrows(MqttException.class,
          () -> wrong.connect(over(TestCertificates.clientSocketFactory(ca, null), "user", "bad")));
      assertEquals(0x86, e.getReasonCode());
    }
  }

  @Test
  void clientThatDoesNotTrustTheServersIssuerCannotConnect() throws Exception {
    start(serverTls);
    try (Paho.V5 client = Paho.v5(tlsUri(), "distrust")) {
      assertThrows(MqttException.class,
          () -> client.connect(over(TestCertificates.clientSocketFactory(otherCa, null), "user", "secret")));
    }
  }

  @Test
  void verifiedClientCertificateCommonNameReachesTheAuthenticators() throws Exception {
    start(serverTls.withClientCa(ca.writeCertificate(dir.resolve("ca.pem")), TlsOptions.ClientAuth.REQUIRE));
    Issued device = ca.client("device-42");
    try (Paho.V5 client = Paho.v5(tlsUri(), "mtls")) {
      client.connect(over(TestCertificates.clientSocketFactory(ca, device), null, null));
      assertEquals("device-42", broker.broker().connection("mtls").orElseThrow().principal().name());
    }
  }

  @Test
  void expiredClientCertificateIsRefused() throws Exception {
    start(serverTls.withClientCa(ca.writeCertificate(dir.resolve("ca.pem")), TlsOptions.ClientAuth.REQUIRE));
    try (Paho.V5 client = Paho.v5(tlsUri(), "expired")) {
      assertThrows(MqttException.class, () -> client.connect(
          over(TestCertificates.clientSocketFactory(ca, ca.expiredClient("old-device")), null, null)));
      assertTrue(broker.broker().connection("expired").isEmpty());
    }
  }

  @Test
  void clientCertificateFromAnotherCaIsRefused() throws Exception {
    start(serverTls.withClientCa(ca.writeCertificate(dir.resolve("ca.pem")), TlsOptions.ClientAuth.REQUIRE));
    try (Paho.V5 client = Paho.v5(tlsUri(), "stranger")) {
      assertThrows(MqttException.class, () -> client.connect(
          over(TestCertificates.clientSocketFactory(ca, otherCa.client("stranger")), null, null)));
      assertTrue(broker.broker().connection("stranger").isEmpty());
    }
  }

  @Test
  void optionalClientAuthLetsPasswordClientsInWithoutACertificate() throws Exception {
    start(serverTls.withClientCa(ca.writeCertificate(dir.resolve("ca.pem")), TlsOptions.ClientAuth.OPTIONAL));
    try (Paho.V5 client = Paho.v5(tlsUri(), "pw"); Paho.V5 cert = Paho.v5(tlsUri(), "cert")) {
      client.connect(over(TestCertificates.clientSocketFactory(ca, null), "user", "secret"));
      cert.connect(over(TestCertificates.clientSocketFactory(ca, ca.client("gateway-7")), null, null));
      assertEquals("gateway-7", broker.broker().connection("cert").orElseThrow().principal().name());
    }
  }

  @Test
  void configuredProtocolAndCipherSuiteAreTheOnlyOnesAccepted() throws Exception {
    String suite = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    start(new TlsOptions(serverTls.certificateChain(), serverTls.privateKey(), Optional.empty(),
        TlsOptions.ClientAuth.REQUIRE, List.of("TLSv1.2"), List.of(suite)));
    SSLSocketFactory factory = TestCertificates.clientSocketFactory(ca, null);
    try (SSLSocket socket = (SSLSocket) factory.createSocket("127.0.0.1", broker.port(Transport.TLS))) {
      socket.startHandshake();
      assertEquals("TLSv1.2", socket.getSession().getProtocol());
      assertEquals(suite, socket.getSession().getCipherSuite());
    }
    try (SSLSocket only13 = (SSLSocket) factory.createSocket("127.0.0.1", broker.port(Transport.TLS))) {
      only13.setEnabledProtocols(new String[] {"TLSv1.3"});
      assertThrows(SSLHandshakeException.class, only13::startHandshake);
    }
  }

  @Test
  void tlsVersionsOtherThanOneTwoAndOneThreeAreNotConfigurable() {
    assertThrows(IllegalArgumentException.class, () -> new TlsOptions(serverTls.certificateChain(),
        serverTls.privateKey(), Optional.empty(), TlsOptions.ClientAuth.REQUIRE, List.of("TLSv1.1"), List.of()));
  }

  @Test
  void unreadableKeyFailsAtStartWithTheFileName() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a key");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> start(TlsOptions.of(serverTls.certificateChain(), garbage)));
    assertTrue(e.getMessage().contains("garbage.pem"), e.getMessage());
  }
}
