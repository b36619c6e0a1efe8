package io.mqttbroker.store.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.security.revocation.Revocation;
import io.mqttbroker.core.security.revocation.Revocation.RevocationAction;
import io.mqttbroker.core.security.revocation.Revocation.SystemMessage;
import io.mqttbroker.store.relay.RevocationCodec.Relayed;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RevocationCodecTest {
  private static final String ORIGIN = "node-a";

  @Test
  void aRevocationWithANoticeTravelsUnchanged() {
    byte[] payload = "{\"code\":3,\"type\":\"RW\"}".getBytes(StandardCharsets.UTF_8);
    Revocation sent = new Revocation("token:ab12", RevocationAction.CLOSE,
        Optional.of(new SystemMessage("$SYS/tokenInvalidNotice", payload)), "token revoked");

    Relayed received = roundTrip(sent);

    assertEquals(ORIGIN, received.origin());
    Revocation r = received.revocation();
    assertEquals("token:ab12", r.key());
    assertEquals(RevocationAction.CLOSE, r.action());
    assertEquals("token revoked", r.reason());
    assertEquals("$SYS/tokenInvalidNotice", r.notice().orElseThrow().topic());
    assertArrayEquals(payload, r.notice().orElseThrow().payload());
  }

  @Test
  void separatorsQuotesLineBreaksAndNonAsciiInKeysAndReasonsSurvive() {
    Revocation sent = Revocation.recheck("customClient:a|b'c\"d\ne\u00e9\u4e2d", "why | not\n'quoted'");

    Revocation r = roundTrip(sent).revocation();

    assertEquals(sent.key(), r.key());
    assertEquals(sent.reason(), r.reason());
    assertEquals(RevocationAction.RECHECK, r.action());
    assertTrue(r.notice().isEmpty());
  }

  @Test
  void aLongReasonIsCut() {
    Revocation r = roundTrip(Revocation.close("accessKey:AK1", "x".repeat(1000))).revocation();

    assertEquals("x".repeat(RevocationCodec.MAX_REASON_CHARS), r.reason());
  }

  @Test
  void aNoticeTooLargeForPostgresIsDroppedButTheRevocationStillTravels() {
    Revocation sent = new Revocation("deviceKey:DK1", RevocationAction.CLOSE,
        Optional.of(new SystemMessage("$SYS/notice", new byte[7000])), "refreshed");

    String encoded = RevocationCodec.encode(ORIGIN, sent).orElseThrow();
    Revocation r = RevocationCodec.decode(encoded).orElseThrow().revocation();

    assertTrue(encoded.getBytes(StandardCharsets.UTF_8).length < 8000, "PostgreSQL's NOTIFY limit");
    assertEquals("deviceKey:DK1", r.key());
    assertEquals(RevocationAction.CLOSE, r.action());
    assertTrue(r.notice().isEmpty());
  }

  @Test
  void aKeyTooLongToFitIsNotRelayedRatherThanCut() {
    assertTrue(RevocationCodec.encode(ORIGIN, Revocation.close("clientId:" + "k".repeat(6000), "x")).isEmpty());
  }

  @Test
  void everyPayloadStaysUnderTheLimitUpToTheLongestKeyThatFits() {
    for (int keyLength = 5000; keyLength <= 6000; keyLength += 50) {
      Revocation sent = new Revocation("k".repeat(keyLength), RevocationAction.CLOSE,
          Optional.of(new SystemMessage("t", new byte[300])), "r".repeat(500));
      RevocationCodec.encode(ORIGIN, sent).ifPresent(p -> assertTrue(p.length() <= RevocationCodec.MAX_PAYLOAD_BYTES));
    }
  }

  @Test
  void textThatThisVersionDidNotWriteIsRefused() {
    String good = RevocationCodec.encode(ORIGIN, Revocation.close("accessKey:AK1", "gone")).orElseThrow();
    String[] parts = good.split("\\|");

    assertTrue(RevocationCodec.decode(good).isPresent());
    assertTrue(RevocationCodec.decode("").isEmpty());
    assertTrue(RevocationCodec.decode("hello").isEmpty());
    assertTrue(RevocationCodec.decode(good.replaceFirst("v1", "v2")).isEmpty());
    assertTrue(RevocationCodec.decode(good + "|extra").isEmpty());
    assertTrue(RevocationCodec.decode(good.replace("|CLOSE|", "|KICK|")).isEmpty());
    assertTrue(RevocationCodec.decode(String.join("|", parts[0], parts[1], parts[2], "*not base64*", parts[4]))
        .isEmpty());
    assertTrue(RevocationCodec.decode(String.join("|", parts[0], parts[1], parts[2], "", parts[4])).isEmpty(),
        "an empty key");
  }

  private static Relayed roundTrip(Revocation sent) {
    return RevocationCodec.decode(RevocationCodec.encode(ORIGIN, sent).orElseThrow()).orElseThrow();
  }
}
