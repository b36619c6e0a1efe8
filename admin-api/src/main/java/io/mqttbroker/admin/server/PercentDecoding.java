package io.mqttbroker.admin.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict percent-decoding (RFC 3986) into UTF-8. Path segments keep {@code +} as it is (client ids may contain it);
 * query components follow the form convention where {@code +} is a space. A broken escape or invalid UTF-8 is an
 * {@link IllegalArgumentException}, never silently replaced, so two different inputs cannot decode to one id.
 */
final class PercentDecoding {
  private PercentDecoding() {}

  static String pathSegment(String raw) {
    return decode(raw, false);
  }

  static String queryComponent(String raw) {
    return decode(raw, true);
  }

  private static String decode(String raw, boolean plusIsSpace) {
    if (raw.indexOf('%') < 0 && (!plusIsSpace || raw.indexOf('+') < 0)) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw new IllegalArgumentException("incomplete percent escape");
        }
        int high = Character.digit(raw.charAt(i + 1), 16);
        int low = Character.digit(raw.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          throw new IllegalArgumentException("invalid percent escape");
        }
        bytes.write((high << 4) | low);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = utf8.decode(ByteBuffer.wrap(bytes.toByteArray()));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("percent escapes are not valid UTF-8", e);
    }
  }
}
