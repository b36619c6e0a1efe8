package io.mqttbroker.admin.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicAuthenticationTest {
  private static String encode(String pair) {
    return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void givenWellFormedHeader_thenIdAndSecretSplitAtFirstColon() {
    var credentials = BasicAuthentication.parse("basic " + encode("AK1:se:cr\u00e9t")).orElseThrow();

    assertEquals("AK1", credentials.accessKeyId());
    assertEquals("se:cr\u00e9t", credentials.secret());
    assertFalse(credentials.toString().contains("se:cr"), "toString hides the secret");
  }

  @Test
  void givenMalformedHeaders_thenEmpty() {
    assertTrue(BasicAuthentication.parse("Basic").isEmpty());
    assertTrue(BasicAuthentication.parse("Bearer " + encode("a:b")).isEmpty());
    assertTrue(BasicAuthentication.parse("Basic ***").isEmpty());
    assertTrue(BasicAuthentication.parse("Basic " + encode("nocolon")).isEmpty());
    assertTrue(BasicAuthentication.parse("Basic " + encode(":secret-without-id")).isEmpty());
    assertTrue(BasicAuthentication.parse("Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xC3, ':'}))
        .isEmpty());
  }
}
