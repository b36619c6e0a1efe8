package io.mqttbroker.server.token;

import static io.mqttbroker.server.token.TokenKit.EXPIRE_NOTICE;
import static io.mqttbroker.server.token.TokenKit.UPLOAD;
import static io.mqttbroker.server.token.TokenKit.clientId;
import static io.mqttbroker.server.token.TokenKit.expectClosed;
import static io.mqttbroker.server.token.TokenKit.expectDisconnect;
import static io.mqttbroker.server.token.TokenKit.expectInvalidNotice;
import static io.mqttbroker.server.token.TokenKit.next;
import static io.mqttbroker.server.token.TokenKit.nextOn;
import static io.mqttbroker.server.token.TokenKit.ownerUsername;
import static io.mqttbroker.server.token.TokenKit.uploadPayload;
import static io.mqttbroker.server.token.TokenKit.username;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.Received;
import io.mqttbroker.server.testing.RunningBroker;
import io.mqttbroker.server.token.TokenKit.Applied;
import io.mqttbroker.server.token.TokenKit.Key;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What happens to live token sessions: the expiry notice and the expiry disconnect, revocation, in-band
 * {@code $SYS/uploadToken} (good and bad) and the deletion of the issuing access key. Short lifetimes come from the
 * configuration ({@code token.min-lifetime=1s}, {@code token.expire-notice-before=2s}); every wait is on a received
 * message or a future, never a sleep.
 */
class TokenLifecycleEndToEndTest {
  private static final Duration HOUR = Duration.ofHours(1);
  /** Long enough to connect on a loaded machine, short enough to wait for. */
  private static final Duration SHORT = Duration.ofSeconds(4);
  private static RunningBroker broker;
  private static TokenKit kit;

  @BeforeAll
  static void start() {
    broker = RunningBroker.start(Map.of("token.min-lifetime", "1s", "token.expire-notice-before", "2s"));
    kit = new TokenKit(broker);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void aV3SessionGetsTheExpiryNoticeThenCode2AndIsClosedAtExpiry() throws Exception {
    Applied w = kit.apply("W", SHORT, "exp/#");
    try (Paho.V3 c = kit.v3(clientId("exp3"), ownerUsername(), "W|" + w.token())) {
      JsonNode notice = nextOn(c.received, EXPIRE_NOTICE);
      assertEquals(w.expireTime(), notice.path("expireTime").asLong());
      assertEquals("W", notice.path("type").asText());
      expectInvalidNotice(c.received, 2, "W");
      expectClosed(c);
      assertTrue(System.currentTimeMillis() >= w.expireTime(), "closed at expiry, not before");
    }
  }

  @Test
  void aV5SessionWithTwoTokensIsNoticedForEachAndClosedWhenTheFirstExpires() throws Exception {
    Applied r = kit.apply("R", SHORT, "exp5/#");
    Applied w = kit.apply("W", HOUR, "exp5/#");
    try (Paho.V5 c = kit.v5(clientId("exp5"), ownerUsername(), "R|" + r.token() + "|W|" + w.token())) {
      c.subscribe("exp5/a", 1);
      JsonNode notice = nextOn(c.received, EXPIRE_NOTICE);
      assertEquals(r.expireTime(), notice.path("expireTime").asLong());
      assertEquals("R", notice.path("type").asText());
      expectInvalidNotice(c.received, 2, "R");
      expectDisconnect(c, 0x87);
    }
  }

  @Test
  void theExpiryNoticeComesAtOnceWhenLessThanTheNoticeTimeRemainsAtConnect() throws Exception {
    try (RunningBroker early = RunningBroker.start(Map.of("token.expire-notice-before", "2h"))) {
      TokenKit k = new TokenKit(early);
      Applied rw = k.apply("R,W", HOUR, "soon/#");
      try (Paho.V3 c = k.v3(clientId("early3"), ownerUsername(), "RW|" + rw.token())) {
        JsonNode notice = nextOn(c.received, EXPIRE_NOTICE);
        assertEquals(rw.expireTime(), notice.path("expireTime").asLong());
        assertEquals("RW", notice.path("type").asText());
        // once only: the next message is the client's own publish
        c.client.subscribe("soon/x", 1);
        c.publish("soon/x", "still here", 1, false);
        assertEquals("still here", next(c.received).payload());
      }
    }
  }

  @Test
  void revokingATokenClosesItsSessionsAtOnceWithCode3() throws Exception {
    Key issuer = kit.createAccessKey();
    Applied rw = TokenKit.apply(broker.as(issuer.id(), issuer.secret()), "R,W", TokenKit.inMillis(HOUR), "rev/#");
    Applied other = kit.apply("R,W", HOUR, "rev/#");
    try (Paho.V3 c3 = kit.v3(clientId("rev3"), username(issuer.id()), "RW|" + rw.token());
        Paho.V5 c5 = kit.v5(clientId("rev5"), username(issuer.id()), "RW|" + rw.token());
        Paho.V3 bystander = kit.v3(clientId("rev-other"), ownerUsername(), "RW|" + other.token())) {
      kit.revoke(broker.as(issuer.id(), issuer.secret()), rw.token());
      expectInvalidNotice(c3.received, 3, "RW");
      expectClosed(c3);
      expectInvalidNotice(c5.received, 3, "RW");
      expectDisconnect(c5, 0x87);
      assertTrue(bystander.client.isConnected());
      assertTrue(bystander.received.isEmpty());
      assertFalse(kit.query(rw.token()));
    }
  }

  @Test
  void anUploadedTokenIsInForceAtThePubackAndKeepsTheSessionPastTheOldExpiry() throws Exception {
    Applied old = kit.apply("W", SHORT, "up/a/#");
    Applied fresh = kit.apply("W", HOUR, "up/b/#");
    try (Paho.V3 observer = kit.observer("up/#");
        Paho.V3 c = kit.v3(clientId("up3"), ownerUsername(), "W|" + old.token());
        Paho.V3 witness = kit.v3(clientId("up3-witness"), ownerUsername(), "W|" + old.token())) {
      // Field names in any case, as devices send them.
      c.client.publish(UPLOAD, ("{\"Token\":\"" + fresh.token() + "\",\"TYPE\":\"W\"}")
          .getBytes(StandardCharsets.UTF_8), 1, false);
      // Returned after the PUBACK; "up/b" is covered by the new token only.
      c.publish("up/b/1", "new token", 1, false);
      assertEquals("new token", next(observer.received).payload());

      // The witness still holds the old token: its close proves the old expiry has passed.
      Received.Msg m = TokenKit.nextExcept(witness.received, EXPIRE_NOTICE);
      assertEquals(TokenKit.INVALID_NOTICE, m.topic());
      assertEquals(TokenKit.json(TokenKit.invalid(2, "W")), TokenKit.json(m.payload()));
      expectClosed(witness);
      c.publish("up/b/2", "after the old expiry", 1, false);
      assertEquals("after the old expiry", next(observer.received).payload());
      assertTrue(c.client.isConnected());
      assertNoInvalidNotice(c.received);
    }
  }

  @Test
  void aV5ClientUploadsAWTokenToStartPublishingAndAnRTokenToSubscribeElsewhere() throws Exception {
    Applied old = kit.apply("R", HOUR, "up5/a/#");
    Applied write = kit.apply("W", HOUR, "up5/#");
    Applied fresh = kit.apply("R", HOUR, "up5/b/#");
    try (Paho.V5 c = kit.v5(clientId("up5"), ownerUsername(), "R|" + old.token())) {
      // a type the session did not have is added
      var added = c.client.publish(UPLOAD, uploadPayload(write.token(), "W"), 1, false);
      added.waitForCompletion(TokenKit.WAIT.toMillis());
      assertEquals(0, added.getReasonCodes()[0]);
      var ack = c.client.publish(UPLOAD, uploadPayload(fresh.token(), "R"), 1, false);
      ack.waitForCompletion(TokenKit.WAIT.toMillis());
      assertEquals(0, ack.getReasonCodes()[0]);
      c.subscribe("up5/b/+", 1);
      c.publish("up5/b/1", "via new R", 1, false);
      assertEquals("via new R", next(c.received).payload());
      // the old R token is gone from the session: its resources no longer allow a subscription
      c.client.subscribe("up5/a/1", 1);
      expectInvalidNotice(c.received, 4, "R");
      expectDisconnect(c, 0x87);
    }
  }

  @Test
  void aBadUploadGetsItsCodeAndADisconnect() throws Exception {
    Key otherKey = kit.createAccessKey();
    Applied mine = kit.apply("W", HOUR, "bu/#");
    Applied revoked = kit.apply("W", HOUR, "bu/#");
    kit.revoke(broker.owner(), revoked.token());
    Applied expired = kit.apply("W", Duration.ofMillis(1500), "bu/#");
    Applied readOnly = kit.apply("R", HOUR, "bu/#");
    Applied foreign = TokenKit.apply(broker.as(otherKey.id(), otherKey.secret()), "W", TokenKit.inMillis(HOUR),
        "bu/#");
    await().atMost(TokenKit.WAIT).until(() -> !kit.query(expired.token()));

    expectRefusedUpload(mine, uploadPayload("no-such-token", "W"), 1, "W");
    expectRefusedUpload(mine, uploadPayload(revoked.token(), "W"), 3, "W");
    expectRefusedUpload(mine, uploadPayload(expired.token(), "W"), 2, "W");
    expectRefusedUpload(mine, uploadPayload(readOnly.token(), "W"), 5, "W");
    expectRefusedUpload(mine, uploadPayload(foreign.token(), "W"), 1, "W");
    // unreadable payload: code 1 without a type
    try (Paho.V3 c = kit.v3(clientId("bu3"), ownerUsername(), "W|" + mine.token())) {
      assertThrows(MqttException.class, () -> c.client.publish(UPLOAD, "not json".getBytes(StandardCharsets.UTF_8),
          1, false));
      assertEquals(TokenKit.json("{\"code\":1}"), nextOn(c.received, TokenKit.INVALID_NOTICE));
      expectClosed(c);
    }
    // the session's own token is untouched by the refused uploads
    assertTrue(kit.query(mine.token()));
  }

  private static void expectRefusedUpload(Applied session, byte[] payload, int code, String type) throws Exception {
    try (Paho.V5 c = kit.v5(clientId("bu5"), ownerUsername(), "W|" + session.token())) {
      c.client.publish(UPLOAD, payload, 1, false);
      expectInvalidNotice(c.received, code, type);
      expectDisconnect(c, 0x87);
    }
  }

  @Test
  void deletingTheIssuingAccessKeySendsCodeMinusOneAndClosesItsTokenSessions() throws Exception {
    Key issuer = kit.createAccessKey();
    Applied rw = TokenKit.apply(broker.as(issuer.id(), issuer.secret()), "R,W", TokenKit.inMillis(HOUR), "del/#");
    Applied survivor = kit.apply("R,W", HOUR, "del/#");
    try (Paho.V3 c3 = kit.v3(clientId("del3"), username(issuer.id()), "RW|" + rw.token());
        Paho.V5 c5 = kit.v5(clientId("del5"), username(issuer.id()), "RW|" + rw.token());
        Paho.V3 other = kit.v3(clientId("del-other"), ownerUsername(), "RW|" + survivor.token())) {
      assertEquals(204, broker.owner().delete("/api/v1/access-keys/" + issuer.id()).status());
      expectInvalidNotice(c3.received, -1, "RW");
      expectClosed(c3);
      expectInvalidNotice(c5.received, -1, "RW");
      expectDisconnect(c5, 0x87);
      assertTrue(other.client.isConnected());
    }
    assertFalse(kit.query(rw.token()));
    try (Paho.V3 c = Paho.v3(broker.mqttUri(), clientId("del-again"))) {
      MqttException e = assertThrows(MqttException.class,
          () -> c.connect(Paho.v3Options(username(issuer.id()), "RW|" + rw.token(), true)));
      assertEquals(4, e.getReasonCode());
    }
  }

  @Test
  void noTokenEverReachesTheLogEvenAtDebugLevel() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger ours = (Logger) LoggerFactory.getLogger("io.mqttbroker");
    Level before = ours.getLevel();
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    ours.setLevel(Level.DEBUG);
    List<String> tokens = new ArrayList<>();
    try {
      Applied r = kit.apply("R", HOUR, "log/#");
      Applied w = kit.apply("W", HOUR, "log/#");
      Applied next = kit.apply("W", HOUR, "log/#");
      tokens.addAll(List.of(r.token(), w.token(), next.token()));
      try (Paho.V3 c = kit.v3(clientId("log3"), ownerUsername(), "R|" + r.token() + "|W|" + w.token())) {
        c.client.publish(UPLOAD, uploadPayload(next.token(), "W"), 1, false);
        c.publish("log/x", "x", 1, false);
      }
      String forged = "forged" + r.token();
      tokens.add(forged);
      try (Paho.V3 c = Paho.v3(broker.mqttUri(), clientId("log3-bad"))) {
        assertThrows(MqttException.class,
            () -> c.connect(Paho.v3Options(ownerUsername(), "R|" + r.token() + "|W|" + forged, true)));
      }
      try (Paho.V5 c = kit.v5(clientId("log5"), ownerUsername(), "R|" + r.token())) {
        c.client.publish(UPLOAD, uploadPayload(forged, "R"), 1, false);
        expectInvalidNotice(c.received, 1, "R");
        expectDisconnect(c, 0x87);
      }
      kit.query(r.token());
      kit.revoke(broker.owner(), r.token());
    } finally {
      ours.setLevel(before);
      root.detachAppender(log);
    }
    for (ILoggingEvent event : List.copyOf(log.list)) {
      String text = event.getFormattedMessage()
          + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage());
      for (String token : tokens) {
        assertFalse(text.contains(token), "a token in the log: " + event.getLoggerName());
      }
    }
    assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage().contains("token upload refused")),
        "the refused upload was logged (so the check above looked at the right log)");
  }

  private static void assertNoInvalidNotice(Received received) {
    while (!received.isEmpty()) {
      Received.Msg m = received.next();
      assertFalse(m.topic().equals(TokenKit.INVALID_NOTICE), "unexpected " + m);
    }
  }
}
