package io.mqttbroker.core.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.core.security.spi.Action;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestAuthenticators;
import io.mqttbroker.core.testing.TestAuthorizers;
import io.mqttbroker.core.testing.TestBroker;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * MQTT 5 properties a publisher sets reach subscribers unchanged (user properties, response topic, correlation data,
 * content type, payload format); reason strings and request problem information.
 */
class MessagePropertiesTest {
  private final TestBroker broker = new TestBroker(BrokerOptions.builder().onDeny(BrokerOptions.OnDeny.REJECT).build(),
      List.of(TestAuthenticators.allowing()), List.of(TestAuthorizers.denying(Action.PUBLISH, "forbidden/#")),
      Duration.ofSeconds(5));

  @AfterEach
  void stop() {
    broker.close();
  }

  @Test
  void requestResponsePropertiesPassThrough() throws Exception {
    try (Paho.V5 responder = Paho.v5(broker.uri(), "responder"); Paho.V5 requester = Paho.v5(broker.uri(), "req")) {
      responder.connect(Paho.v5Options("u", "p", true));
      responder.subscribe("service/request", 1);
      requester.connect(Paho.v5Options("u", "p", true));
      requester.subscribe("reply/req", 1);

      MqttMessage request = new MqttMessage(Paho.utf8("{\"q\":1}"), 1, false, null);
      MqttProperties props = new MqttProperties();
      props.setResponseTopic("reply/req");
      props.setCorrelationData(new byte[] {1, 2, 3, (byte) 0xFF});
      props.setContentType("application/json");
      props.setPayloadFormat(true);
      props.setUserProperties(List.of(new UserProperty("trace", "t-1"), new UserProperty("trace", "t-2"),
          new UserProperty("tenant", "acme")));
      request.setProperties(props);
      requester.client.publish("service/request", request).waitForCompletion(5000);

      MqttProperties got = responder.nextArrived().message().getProperties();
      assertEquals("reply/req", got.getResponseTopic());
      assertArrayEquals(new byte[] {1, 2, 3, (byte) 0xFF}, got.getCorrelationData());
      assertEquals("application/json", got.getContentType());
      assertTrue(got.getPayloadFormat());
      assertEquals(List.of("trace=t-1", "trace=t-2", "tenant=acme"),
          got.getUserProperties().stream().map(u -> u.getKey() + "=" + u.getValue()).toList());

      MqttMessage response = new MqttMessage(Paho.utf8("ok"), 1, false, null);
      MqttProperties back = new MqttProperties();
      back.setCorrelationData(got.getCorrelationData());
      response.setProperties(back);
      responder.client.publish(got.getResponseTopic(), response).waitForCompletion(5000);
      Paho.Arrived answer = requester.nextArrived();
      assertEquals("ok", answer.payload());
      assertArrayEquals(new byte[] {1, 2, 3, (byte) 0xFF}, answer.message().getProperties().getCorrelationData());
    }
  }

  @Test
  void payloadThatIsNotTheUtf8ItsFormatIndicatorClaimsIsRefused() throws Exception {
    try (Paho.V5 client = Paho.v5(broker.uri(), "format")) {
      client.connect(Paho.v5Options("u", "p", true));
      MqttMessage bad = new MqttMessage(new byte[] {(byte) 0xC3, 0x28}, 1, false, null);
      MqttProperties props = new MqttProperties();
      props.setPayloadFormat(true);
      bad.setProperties(props);
      var token = client.client.publish("t", bad);
      token.waitForCompletion(5000);
      assertEquals(0x99, token.getReasonCodes()[0]);
    }
  }

  @Test
  void refusalCarriesAReasonStringWhenProblemInformationIsRequested() throws Exception {
    try (Paho.V5 client = Paho.v5(broker.uri(), "why")) {
      client.connect(Paho.v5Options("u", "p", true));
      var token = client.client.publish("forbidden/x", Paho.utf8("x"), 1, false);
      token.waitForCompletion(5000);
      assertEquals(0x87, token.getReasonCodes()[0]);
      assertTrue(token.getResponseProperties().getReasonString().contains("not authorized"));
    }
  }

  @Test
  void noReasonStringWhenTheClientAskedForNoProblemInformation() throws Exception {
    try (Paho.V5 client = Paho.v5(broker.uri(), "quiet")) {
      MqttConnectionOptions options = Paho.v5Options("u", "p", true);
      options.setRequestProblemInfo(false);
      client.connect(options);
      var token = client.client.publish("forbidden/x", Paho.utf8("x"), 1, false);
      token.waitForCompletion(5000);
      assertEquals(0x87, token.getReasonCodes()[0]);
      assertNull(token.getResponseProperties() == null ? null : token.getResponseProperties().getReasonString());
    }
  }
}
