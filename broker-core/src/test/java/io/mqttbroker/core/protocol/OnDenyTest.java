package io.mqttbroker.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.core.BrokerOptions.OnDeny;
import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.security.spi.Authorizer;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestAuthenticators;
import io.mqttbroker.core.testing.TestAuthorizers;
import io.mqttbroker.core.testing.TestBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;

/** Unauthorized PUBLISH/SUBSCRIBE per on-deny (AUTH-SPEC section 7), and the read gate with slow authorizers. */
class OnDenyTest {

  private static TestBroker broker(OnDeny onDeny, Authorizer authorizer) {
    return new TestBroker(BrokerOptions.builder().onDeny(onDeny).build(), List.of(TestAuthenticators.allowing()),
        List.of(authorizer), Duration.ofSeconds(5));
  }

  @Test
  void disconnectClosesAV3ClientThatPublishesWhereItMayNot() throws Exception {
    try (TestBroker b = broker(OnDeny.DISCONNECT, TestAuthorizers.denying(Action.PUBLISH, "secret/#"));
        Paho.V3 c = Paho.v3(b.uri(), "p").connect()) {
      c.publishExpectingClose("secret/x", Paho.utf8("no"));
      assertTrue(c.lost.get(5, TimeUnit.SECONDS) != null);
    }
  }

  @Test
  void disconnectSendsV5DisconnectNotAuthorized() throws Exception {
    try (TestBroker b = broker(OnDeny.DISCONNECT, TestAuthorizers.denying(Action.SUBSCRIBE, "secret/#"));
        Paho.V5 c = Paho.v5(b.uri(), "s5")) {
      c.connect(Paho.v5Options("u", "p", true));
      c.client.subscribe("secret/+", 1);
      assertEquals(0x87, c.disconnected.get(5, TimeUnit.SECONDS).getReturnCode());
    }
  }

  @Test
  void rejectAnswersV5PerPacketAndKeepsTheConnection() throws Exception {
    try (TestBroker b = broker(OnDeny.REJECT, TestAuthorizers.denying(Action.PUBLISH, "secret/#"));
        Paho.V5 c = Paho.v5(b.uri(), "r5")) {
      c.connect(Paho.v5Options("u", "p", true));
      c.subscribe("#", 1);
      var token = c.publish("secret/x", "no", 1, false);
      assertEquals(0x87, token.getReasonCodes()[0]);
      c.publish("open/x", "yes", 1, false);
      assertEquals("yes", c.received.next().payload());
      assertTrue(c.client.isConnected());
    }
  }

  @Test
  void rejectAnswersV3SubscribeWithFailureAndDropsThePublish() throws Exception {
    try (TestBroker b = broker(OnDeny.REJECT, TestAuthorizers.denying(Action.SUBSCRIBE, "secret/#"));
        Paho.V3 c = Paho.v3(b.uri(), "r3").connect()) {
      MqttException e = assertThrows(MqttException.class, () -> c.client.subscribe("secret/a", 1));
      assertEquals(MqttException.REASON_CODE_SUBSCRIBE_FAILED, e.getReasonCode());
      c.client.subscribe("open/a", 1);
      c.publish("open/a", "ok", 1, false);
      assertEquals("ok", c.received.next().payload());
    }
  }

  @Test
  void clientsMayNotPublishToSys() throws Exception {
    try (TestBroker b = broker(OnDeny.REJECT, TestAuthorizers.allowingAll()); Paho.V5 c = Paho.v5(b.uri(), "sys")) {
      c.connect(Paho.v5Options("u", "p", true));
      var token = c.publish("$SYS/broker/fake", "x", 1, false);
      assertEquals(0x87, token.getReasonCodes()[0]);
    }
  }

  @Test
  void slowAuthorizerKeepsOrderThroughTheReadGate() throws Exception {
    try (TestBroker b = broker(OnDeny.DISCONNECT, TestAuthorizers.allowingLater());
        Paho.V3 sub = Paho.v3(b.uri(), "sub").connect(); Paho.V3 pub = Paho.v3(b.uri(), "pub").connect()) {
      sub.client.subscribe("g/#", 1);
      for (int i = 0; i < 50; i++) {
        pub.client.publish("g/" + i, Paho.utf8(Integer.toString(i)), i % 3, false);
      }
      for (int i = 0; i < 50; i++) {
        if (i % 3 != 0) {
          assertEquals(Integer.toString(i), sub.received.next().payload());
        } else {
          // QoS 0 may not overtake: the next message is either this one or, never, a later one.
          assertEquals(Integer.toString(i), sub.received.next().payload());
        }
      }
    }
  }
}
