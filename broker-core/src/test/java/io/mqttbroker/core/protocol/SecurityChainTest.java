package io.mqttbroker.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.core.security.spi.Authenticator;
import io.mqttbroker.core.security.spi.DenyReason;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestAuthenticators;
import io.mqttbroker.core.testing.TestAuthorizers;
import io.mqttbroker.core.testing.TestBroker;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;

/** CONNECT against the authenticator chain: fail-closed on deny, ignore-only, timeout, exception, empty chain. */
class SecurityChainTest {

  private static TestBroker brokerWith(Authenticator... authenticators) {
    return new TestBroker(BrokerOptions.defaults(), List.of(authenticators), List.of(TestAuthorizers.allowingAll()),
        Duration.ofMillis(500));
  }

  private static int v3ConnectFailure(TestBroker broker, String user, String password) throws Exception {
    try (Paho.V3 c = Paho.v3(broker.uri(), "c1")) {
      MqttException e = assertThrows(MqttException.class, () -> c.connect(Paho.v3Options(user, password, true)));
      return e.getReasonCode();
    }
  }

  private static int v5ConnectFailure(TestBroker broker, String user, String password) throws Exception {
    try (Paho.V5 c = Paho.v5(broker.uri(), "c5")) {
      org.eclipse.paho.mqttv5.common.MqttException e = assertThrows(org.eclipse.paho.mqttv5.common.MqttException.class,
          () -> c.connect(Paho.v5Options(user, password, true)));
      return e.getReasonCode();
    }
  }

  @Test
  void wrongPasswordIsRefusedWithBadCredentials() throws Exception {
    try (TestBroker broker = brokerWith(TestAuthenticators.password("alice", "secret"))) {
      assertEquals(4, v3ConnectFailure(broker, "alice", "wrong"));
      assertEquals(0x86, v5ConnectFailure(broker, "alice", "wrong"));
      try (Paho.V3 ok = Paho.v3(broker.uri(), "ok")) {
        ok.connect(Paho.v3Options("alice", "secret", true));
        assertTrue(ok.client.isConnected());
      }
    }
  }

  @Test
  void eachDenyReasonMapsToItsConnackCode() throws Exception {
    try (TestBroker broker = brokerWith(TestAuthenticators.denying(DenyReason.BANNED))) {
      assertEquals(5, v3ConnectFailure(broker, "u", "p"));
      assertEquals(0x8A, v5ConnectFailure(broker, "u", "p"));
    }
    try (TestBroker broker = brokerWith(TestAuthenticators.denying(DenyReason.NOT_AUTHORIZED))) {
      assertEquals(5, v3ConnectFailure(broker, "u", "p"));
      assertEquals(0x87, v5ConnectFailure(broker, "u", "p"));
    }
    try (TestBroker broker = brokerWith(TestAuthenticators.denying(DenyReason.CLIENT_ID_REJECTED))) {
      assertEquals(2, v3ConnectFailure(broker, "u", "p"));
      assertEquals(0x85, v5ConnectFailure(broker, "u", "p"));
    }
  }

  @Test
  void aChainWhereEveryoneIgnoresRefuses() throws Exception {
    try (TestBroker broker = brokerWith(TestAuthenticators.ignoring(), TestAuthenticators.ignoring())) {
      assertEquals(5, v3ConnectFailure(broker, "u", "p"));
    }
  }

  @Test
  void ignoreFallsThroughToTheNextAuthenticator() throws Exception {
    try (TestBroker broker = brokerWith(TestAuthenticators.ignoring(), TestAuthenticators.allowing());
        Paho.V3 c = Paho.v3(broker.uri(), "through")) {
      c.connect(Paho.v3Options("u", "p", true));
      assertTrue(c.client.isConnected());
    }
  }

  @Test
  void anAuthenticatorThatNeverAnswersTimesOutAsServerUnavailable() throws Exception {
    try (TestBroker broker = brokerWith(TestAuthenticators.neverAnswering())) {
      assertEquals(3, v3ConnectFailure(broker, "u", "p"));
      assertEquals(0x88, v5ConnectFailure(broker, "u", "p"));
    }
  }

  @Test
  void anAuthenticatorThatThrowsRefusesAndTheBrokerKeepsServing() throws Exception {
    try (TestBroker broker = brokerWith(TestAuthenticators.throwing())) {
      assertEquals(3, v3ConnectFailure(broker, "u", "p"));
      assertEquals(3, v3ConnectFailure(broker, "u", "p"));
    }
  }

  @Test
  void noAuthenticatorConfiguredRefusesEveryone() throws Exception {
    try (TestBroker broker = brokerWith()) {
      assertEquals(5, v3ConnectFailure(broker, null, null));
      assertEquals(0x87, v5ConnectFailure(broker, null, null));
    }
  }
}
