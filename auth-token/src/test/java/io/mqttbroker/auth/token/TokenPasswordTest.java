package io.mqttbroker.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenPasswordTest {

  @Test
  void twoPairsInEitherOrder() {
    assertEquals(Map.of(TokenType.R, "t1", TokenType.W, "t2"), TokenPassword.parse("R|t1|W|t2").orElseThrow().tokens());
    assertEquals(Map.of(TokenType.R, "t1", TokenType.W, "t2"), TokenPassword.parse("W|t2|R|t1").orElseThrow().tokens());
  }

  @Test
  void oneReadWriteToken() {
    assertEquals(Map.of(TokenType.RW, "t"), TokenPassword.parse("RW|t").orElseThrow().tokens());
  }

  @Test
  void oneOfEachType() {
    assertEquals(3, TokenPassword.parse("RW|a|W|b|R|c").orElseThrow().tokens().size());
  }

  @Test
  void tokensKeepBase64Characters() {
    assertEquals("ab+/=_-c", TokenPassword.parse("W|ab+/=_-c").orElseThrow().tokens().get(TokenType.W));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "R", "R|", "R|t|", "R|t|W", "R|t|W|", "|t", "R||W|t", "R|t1|R|t2", "RW|a|RW|b",
      "X|t", "r|t", "rw|t", "R,W|t", "R|a|W|b|RW|c|R|d", "Rt", " R|t"})
  void malformedPasswordsAreRefused(String password) {
    assertFalse(TokenPassword.parse(password).isPresent(), password);
  }

  @Test
  void toStringHidesTheTokens() {
    String shown = TokenPassword.parse("R|secret-token").orElseThrow().toString();
    assertFalse(shown.contains("secret-token"));
    assertTrue(shown.contains("R"));
  }
}
