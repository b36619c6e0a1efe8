package io.mqttbroker.server.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.Received;
import io.mqttbroker.server.testing.AdminClient;
import io.mqttbroker.server.testing.Passwords;
import io.mqttbroker.server.testing.RunningBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * What the signature-mode end-to-end tests share: access keys created over the real admin API, policy statements as
 * JSON, the device-side username and password, connected Paho clients and the ways the broker turns them away. Waits
 * are generous (the machine is shared); nothing here asserts speed.
 */
final class SignatureKit {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration WAIT = Duration.ofSeconds(15);
  private static final AtomicInteger IDS = new AtomicInteger();

  private SignatureKit() {}

  /** An access key pair; toString hides the secret. */
  record Key(String id, String secret) {
    @Override
    public String toString() {
      return "Key[" + id + "]";
    }
  }

  /** A client id of {@code group} that no other test of the run uses (a takeover would close another's client). */
  static String clientId(String group, String device) {
    return group + "@@@" + device + "-" + IDS.incrementAndGet();
  }

  static String clientId(String device) {
    return clientId("GID_sig", device);
  }

  static String username(String accessKeyId) {
    return username(accessKeyId, RunningBroker.INSTANCE);
  }

  static String username(String accessKeyId, String instance) {
    return "Signature|" + accessKeyId + "|" + instance;
  }

  /** A statement as the admin API takes it; {@code actions} comma-separated, e.g. {@code "mq:PUB,mq:SUB"}. */
  static ObjectNode statement(String effect, String actions, String... resources) {
    ObjectNode s = JSON.createObjectNode().put("effect", effect);
    ArrayNode a = s.putArray("actions");
    for (String action : actions.split(",")) {
      a.add(action);
    }
    ArrayNode r = s.putArray("resources");
    for (String resource : resources) {
      r.add(resource);
    }
    return s;
  }

  static ObjectNode allow(String actions, String... resources) {
    return statement("Allow", actions, resources);
  }

  static ObjectNode deny(String actions, String... resources) {
    return statement("Deny", actions, resources);
  }

  /** The statements as a JSON array, the body of {@code PUT .../policies}. */
  static String policies(ObjectNode... statements) {
    return JSON.createArrayNode().addAll(List.of(statements)).toString();
  }

  /** Creates a key with these statements; fails the test unless the answer is 201 with a secret. */
  static Key create(AdminClient owner, ObjectNode... statements) {
    ObjectNode body = JSON.createObjectNode().put("description", "signature test");
    body.putArray("policies").addAll(List.of(statements));
    AdminClient.Answer a = owner.post("/api/v1/access-keys", body.toString());
    assertEquals(201, a.status(), a.raw());
    return new Key(a.text("accessKeyId"), a.text("accessKeySecret"));
  }

  static void setPolicies(AdminClient owner, Key key, ObjectNode... statements) {
    AdminClient.Answer a = owner.put("/api/v1/access-keys/" + key.id() + "/policies", policies(statements));
    assertEquals(200, a.status(), a.raw());
  }

  /** A v3 client of {@code key} connected with the signature password of {@code clientId}. */
  static Paho.V3 v3(RunningBroker broker, Key key, String clientId) throws Exception {
    Paho.V3 c = Paho.v3(broker.mqttUri(), clientId);
    // Paho's blocking calls wait forever by default; a lost completion must fail the test, not hang it.
    c.client.setTimeToWait(WAIT.toMillis());
    try {
      return c.connect(Paho.v3Options(username(key.id()), Passwords.signed(key.secret(), clientId), true));
    } catch (Exception e) {
      c.close();
      throw e;
    }
  }

  /** A v5 client of {@code key} connected with the signature password of {@code clientId}. */
  static Paho.V5 v5(RunningBroker broker, Key key, String clientId) throws Exception {
    Paho.V5 c = Paho.v5(broker.mqttUri(), clientId);
    try {
      c.connect(Paho.v5Options(username(key.id()), Passwords.signed(key.secret(), clientId), true));
      return c;
    } catch (Exception e) {
      c.close();
      throw e;
    }
  }

  /**
   * Publishes (QoS 0) where {@code c} may not and waits until the broker has closed the connection. The publish does
   * not wait for Paho's token: when the broker closes at once, Paho 1.2.5 often never completes a QoS 0 token.
   */
  static void publishDenied(Paho.V3 c, String topic) throws Exception {
    MqttMessage message = new MqttMessage(Paho.utf8("denied"));
    message.setQos(0);
    c.client.getTopic(topic).publish(message);
    expectClosed(c);
  }

  /** A v3 client of the owner key (allowed everything) subscribed to {@code filters}: it sees what is routed. */
  static Paho.V3 observer(RunningBroker broker, String... filters) throws Exception {
    Paho.V3 c = v3(broker, new Key(RunningBroker.OWNER_ID, RunningBroker.OWNER_SECRET), clientId("observer"));
    for (String f : filters) {
      c.client.subscribe(f, 1);
    }
    return c;
  }

  /** The CONNACK return code of a refused v3 CONNECT (fails the test if the broker lets it in). */
  static int v3Refusal(RunningBroker broker, String clientId, String username, String password) throws Exception {
    try (Paho.V3 c = Paho.v3(broker.mqttUri(), clientId)) {
      return assertThrows(MqttException.class, () -> c.connect(Paho.v3Options(username, password, true)))
          .getReasonCode();
    }
  }

  /** The CONNACK reason code of a refused v5 CONNECT. */
  static int v5Refusal(RunningBroker broker, String clientId, String username, String password) throws Exception {
    try (Paho.V5 c = Paho.v5(broker.mqttUri(), clientId)) {
      return assertThrows(org.eclipse.paho.mqttv5.common.MqttException.class,
          () -> c.connect(Paho.v5Options(username, password, true))).getReasonCode();
    }
  }

  static Received.Msg next(Received received) {
    return received.next(WAIT);
  }

  /** The broker closed the v3 client's connection. */
  static void expectClosed(Paho.V3 c) throws Exception {
    c.lost.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The broker sent the v5 client DISCONNECT with {@code reasonCode}. */
  static void expectDisconnect(Paho.V5 c, int reasonCode) throws Exception {
    assertEquals(reasonCode, c.disconnected.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getReturnCode());
  }
}
