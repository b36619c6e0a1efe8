package io.mqttbroker.auth.custom;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Opaque keyset paging tokens: the key of the last entry of a page, each part Base64url-encoded, so that the next page
 * starts right after it whatever was added or deleted in between. Module-internal helper.
 */
public final class PageTokens {
  private static final String VERSION = "c1";

  private PageTokens() {}

  public static String encode(String... keyParts) {
    StringBuilder sb = new StringBuilder(VERSION);
    for (String part : keyParts) {
      sb.append('.').append(Base64.getUrlEncoder().withoutPadding().encodeToString(part.getBytes(StandardCharsets.UTF_8)));
    }
    return sb.toString();
  }

  /** The key parts of {@code token}; a token that was not made by {@link #encode} is {@code InvalidParameter.NextToken}. */
  public static List<String> decode(String token, int parts) {
    String[] pieces = token.split("\\.", -1);
    if (pieces.length != parts + 1 || !pieces[0].equals(VERSION)) {
      throw badToken();
    }
    String[] decoded = new String[parts];
    try {
      for (int i = 0; i < parts; i++) {
        decoded[i] = new String(Base64.getUrlDecoder().decode(pieces[i + 1]), StandardCharsets.UTF_8);
      }
    } catch (IllegalArgumentException e) {
      throw badToken();
    }
    return List.of(decoded);
  }

  private static CustomAuthException badToken() {
    return CustomAuthException.invalid("NextToken", "NextToken is not a token returned by this query");
  }
}
