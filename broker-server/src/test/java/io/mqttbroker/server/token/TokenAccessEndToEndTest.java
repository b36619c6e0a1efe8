package io.mqttbroker.server.token;

import static io.mqttbroker.server.token.TokenKit.clientId;
import static io.mqttbroker.server.token.TokenKit.expectClosed;
import static io.mqttbroker.server.token.TokenKit.expectDisconnect;
import static io.mqttbroker.server.token.TokenKit.expectInvalidNotice;
import static io.mqttbroker.server.token.TokenKit.next;
import static io.mqttbroker.server.token.TokenKit.ownerUsername;
import static io.mqttbroker.server.token.TokenKit.username;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.server.testing.RunningBroker;
import io.mqttbroker.server.token.TokenKit.Applied;
import io.mqttbroker.server.token.TokenKit.Key;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Token mode against the running broker with its default {@code auth.on-deny=disconnect}: apply -> connect -> what
 * each token lets a Paho v3 / v5 client do, the invalid notice (code 4 resource, 5 type) that precedes the
 * disconnect, and the logins that must be refused. Tokens live a day here, so no expiry notice interferes.
 */
class TokenAccessEndToEndTest {
  private static final Duration DAY = Duration.ofDays(1);
  private static RunningBroker broker;
  private static TokenKit kit;

  @BeforeAll
  static void start() {
    broker = RunningBroker.start(Map.of());
    kit = new TokenKit(broker);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void aV3ClientWithRAndWTokensSubscribesAndPublishesWhereTheyAllow() throws Exception {
    Applied read = kit.apply("R", DAY, "room/+/in", "lobby");
    Applied write = kit.apply("W", DAY, "room/1/in");
    try (Paho.V3 c = kit.v3(clientId("rw3"), ownerUsername(), "R|" + read.token() + "|W|" + write.token())) {
      c.client.subscribe("room/+/in", 1);
      c.client.subscribe("room/2/in", 1);
      c.publish("room/1/in", "hello", 1, false);
      var m = next(c.received);
      assertEquals("room/1/in", m.topic());
      assertEquals("hello", m.payload());
      assertTrue(c.client.isConnected());
    }
  }

  @Test
  void theTokensMayBeListedInAnyOrderAndAnRwTokenDoesBoth() throws Exception {
    Applied read = kit.apply("R", DAY, "order/#");
    Applied write = kit.apply("W", DAY, "order/#");
    try (Paho.V5 c = kit.v5(clientId("wr5"), ownerUsername(), "W|" + write.token() + "|R|" + read.token())) {
      c.subscribe("order/x", 1);
      c.publish("order/x", "wr", 1, false);
      assertEquals("wr", next(c.received).payload());
    }
    Applied both = kit.apply("R,W", DAY, "dev/#");
    try (Paho.V5 c = kit.v5(clientId("rw5"), ownerUsername(), "RW|" + both.token())) {
      c.subscribe("dev/a/#", 1);
      c.publish("dev/a/b", "rw", 1, false);
      var m = next(c.received);
      assertEquals("dev/a/b", m.topic());
      assertEquals("rw", m.payload());
    }
  }

  @Test
  void aTokenAppliedForByACreatedAccessKeyWorksUnderThatKeysUsernameOnly() throws Exception {
    Key issuer = kit.createAccessKey();
    Applied rw = TokenKit.apply(broker.as(issuer.id(), issuer.secret()), "R,W", TokenKit.inMillis(DAY), "ak/#");
    try (Paho.V3 c = kit.v3(clientId("ak3"), username(issuer.id()), "RW|" + rw.token())) {
      c.client.subscribe("ak/#", 1);
      c.publish("ak/1", "by issuer", 1, false);
      assertEquals("by issuer", next(c.received).payload());
    }
    // The same token under the owner's username: not issued by that key.
    try (Paho.V3 c = Paho.v3(broker.mqttUri(), clientId("ak3-owner"))) {
      MqttException e = assertThrows(MqttException.class,
          () -> c.connect(Paho.v3Options(ownerUsername(), "RW|" + rw.token(), true)));
      assertEquals(4, e.getReasonCode());
    }
    try (Paho.V5 c = Paho.v5(broker.mqttUri(), clientId("ak5-owner"))) {
      var e = assertThrows(org.eclipse.paho.mqttv5.common.MqttException.class,
          () -> c.connect(Paho.v5Options(ownerUsername(), "RW|" + rw.token(), true)));
      assertEquals(0x86, e.getReasonCode());
    }
  }

  @Test
  void publishingOutsideTheResourcesGetsCode4ThenTheV3ClientIsClosed() throws Exception {
    Applied write = kit.apply("W", DAY, "pub/ok/#");
    try (Paho.V3 c = kit.v3(clientId("deny4p3"), ownerUsername(), "W|" + write.token())) {
      c.publish("pub/ok/1", "fine", 1, false);
      TokenKit.publishExpectingClose(c, "pub/other", "no", 0);
      expectInvalidNotice(c.received, 4, "W");
      expectClosed(c);
    }
  }

  @Test
  void subscribingWiderThanTheResourcesGetsCode4ThenTheV5ClientIsDisconnected() throws Exception {
    Applied read = kit.apply("R", DAY, "sub/+/temp");
    try (Paho.V5 c = kit.v5(clientId("deny4s5"), ownerUsername(), "R|" + read.token())) {
      c.subscribe("sub/1/temp", 1);
      c.client.subscribe("sub/#", 1);
      expectInvalidNotice(c.received, 4, "R");
      expectDisconnect(c, 0x87);
    }
  }

  @Test
  void publishingWithOnlyAnRTokenGetsCode5ThenTheV5ClientIsDisconnected() throws Exception {
    Applied read = kit.apply("R", DAY, "type/#");
    try (Paho.V5 c = kit.v5(clientId("deny5p5"), ownerUsername(), "R|" + read.token())) {
      c.client.publish("type/x", Paho.utf8("no"), 1, false);
      expectInvalidNotice(c.received, 5, "W");
      expectDisconnect(c, 0x87);
    }
  }

  @Test
  void subscribingWithOnlyAWTokenGetsCode5ThenTheV3ClientIsClosed() throws Exception {
    Applied write = kit.apply("W", DAY, "type/#");
    try (Paho.V3 c = kit.v3(clientId("deny5s3"), ownerUsername(), "W|" + write.token())) {
      assertThrows(MqttException.class, () -> c.client.subscribe("type/x", 1));
      expectInvalidNotice(c.received, 5, "R");
      expectClosed(c);
    }
  }

  @Test
  void oneBadTokenAmongValidOnesRefusesTheLogin() throws Exception {
    Applied read = kit.apply("R", DAY, "bad/#");
    Applied write = kit.apply("W", DAY, "bad/#");
    Applied revoked = kit.apply("W", DAY, "bad/#");
    kit.revoke(broker.owner(), revoked.token());
    String forged = write.token().substring(1) + "x";
    String[] passwords = {
        "R|" + read.token() + "|W|" + forged,
        "R|" + read.token() + "|W|" + revoked.token(),
        // a valid token under the wrong type label
        "R|" + write.token(),
        "R|" + read.token() + "|W|" + write.token() + "|RW|" + forged,
        // malformed: a type twice, a lone label, an unknown label
        "R|" + read.token() + "|R|" + read.token(),
        "R|" + read.token() + "|W",
        "X|" + read.token()};
    for (String password : passwords) {
      try (Paho.V3 c = Paho.v3(broker.mqttUri(), clientId("bad3"))) {
        MqttException e = assertThrows(MqttException.class,
            () -> c.connect(Paho.v3Options(ownerUsername(), password, true)));
        assertEquals(4, e.getReasonCode(), "v3 CONNACK bad username or password");
      }
      try (Paho.V5 c = Paho.v5(broker.mqttUri(), clientId("bad5"))) {
        var e = assertThrows(org.eclipse.paho.mqttv5.common.MqttException.class,
            () -> c.connect(Paho.v5Options(ownerUsername(), password, true)));
        assertEquals(0x86, e.getReasonCode(), "v5 CONNACK bad username or password");
      }
    }
    // and the valid pair alone is accepted
    try (Paho.V3 c = kit.v3(clientId("good3"), ownerUsername(), "R|" + read.token() + "|W|" + write.token())) {
      assertTrue(c.client.isConnected());
    }
  }

  @Test
  void aTokenOfAnotherAccessKeyIsRefused() throws Exception {
    Key other = kit.createAccessKey();
    Applied owners = kit.apply("R,W", DAY, "k/#");
    try (Paho.V3 c = Paho.v3(broker.mqttUri(), clientId("otherkey3"))) {
      MqttException e = assertThrows(MqttException.class,
          () -> c.connect(Paho.v3Options(username(other.id()), "RW|" + owners.token(), true)));
      assertEquals(4, e.getReasonCode());
    }
    try (Paho.V5 c = Paho.v5(broker.mqttUri(), clientId("unknownkey5"))) {
      var e = assertThrows(org.eclipse.paho.mqttv5.common.MqttException.class,
          () -> c.connect(Paho.v5Options(username("AKNOSUCHKEY"), "RW|" + owners.token(), true)));
      assertEquals(0x86, e.getReasonCode());
    }
  }

  @Test
  void aUsernameNamingAnotherInstanceIsNotAuthorized() throws Exception {
    Applied rw = kit.apply("R,W", DAY, "i/#");
    String wrongInstance = "Token|" + RunningBroker.OWNER_ID + "|mqtt-elsewhere";
    try (Paho.V3 c = Paho.v3(broker.mqttUri(), clientId("inst3"))) {
      MqttException e = assertThrows(MqttException.class,
          () -> c.connect(Paho.v3Options(wrongInstance, "RW|" + rw.token(), true)));
      assertEquals(5, e.getReasonCode());
    }
    try (Paho.V5 c = Paho.v5(broker.mqttUri(), clientId("inst5"))) {
      var e = assertThrows(org.eclipse.paho.mqttv5.common.MqttException.class,
          () -> c.connect(Paho.v5Options(wrongInstance, "RW|" + rw.token(), true)));
      assertEquals(0x87, e.getReasonCode());
    }
  }

  @Test
  void clientsMayNotPublishToOtherSysTopicsNorSubscribeToTheNotices() throws Exception {
    Applied rw = kit.apply("R,W", DAY, "#");
    try (Paho.V3 c = kit.v3(clientId("sys3"), ownerUsername(), "RW|" + rw.token())) {
      TokenKit.publishExpectingClose(c, "$SYS/tokenInvalidNotice", "{\"code\":3,\"type\":\"RW\"}", 0);
      expectClosed(c);
    }
    try (Paho.V5 c = kit.v5(clientId("sys5"), ownerUsername(), "RW|" + rw.token())) {
      c.client.publish("$SYS/broker/anything", Paho.utf8("x"), 1, false);
      expectDisconnect(c, 0x87);
    }
    try (Paho.V5 c = kit.v5(clientId("syssub5"), ownerUsername(), "RW|" + rw.token())) {
      c.client.subscribe("$SYS/#", 1);
      expectInvalidNotice(c.received, 4, "RW");
      expectDisconnect(c, 0x87);
    }
  }

  @Test
  void noticesAndUploadsNeverReachOtherClients() throws Exception {
    Applied rw = kit.apply("R,W", DAY, "quiet/#");
    Applied replacement = kit.apply("R,W", DAY, "quiet/#");
    try (Paho.V3 observer = kit.observer("$SYS/#", "#")) {
      try (Paho.V3 c = kit.v3(clientId("upl3"), ownerUsername(), "RW|" + rw.token())) {
        c.client.publish(TokenKit.UPLOAD, TokenKit.uploadPayload(replacement.token(), "RW"), 1, false);
        c.publish("quiet/after-upload", "1", 1, false);
        TokenKit.publishExpectingClose(c, "loud/denied", "no", 0);
        expectInvalidNotice(c.received, 4, "RW");
        expectClosed(c);
      }
      try (Paho.V3 marker = kit.v3(clientId("marker"), ownerUsername(), "RW|" + replacement.token())) {
        marker.publish("quiet/marker", "m", 1, false);
      }
      // Up to the marker the observer saw the routed publish (and maybe the broker's own $SYS/broker statistics),
      // never the upload nor a notice.
      List<String> seen = new ArrayList<>();
      String topic = "";
      while (!topic.equals("quiet/marker")) {
        topic = next(observer.received).topic();
        seen.add(topic);
      }
      assertTrue(seen.contains("quiet/after-upload"), seen.toString());
      for (String t : seen) {
        assertFalse(t.equals(TokenKit.UPLOAD) || t.equals(TokenKit.INVALID_NOTICE) || t.equals(TokenKit.EXPIRE_NOTICE),
            seen.toString());
      }
    }
  }
}
