package io.mqttbroker.core.security.spi;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one place that signs and checks the passwords of the reference service: Base64(HMAC-SHA1(key = secret,
 * data = clientId)) over UTF-8, standard Base64 with padding. Comparison is constant-time.
 */
public final class Signatures {
  private static final String HMAC_SHA1 = "HmacSHA1";

  private Signatures() {}

  /** Base64(HMAC-SHA1(secret, data)). */
  public static String hmacSha1Base64(String secret, String data) {
    try {
      Mac mac = Mac.getInstance(HMAC_SHA1);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC_SHA1));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is not available in this JVM", e);
    }
  }

  /** Whether {@code presented} is the signature of {@code data} with {@code secret}; constant-time. */
  public static boolean verifyHmacSha1(String secret, String data, byte[] presented) {
    byte[] expected = hmacSha1Base64(secret, data).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, presented);
  }

  /** Constant-time equality of two secrets given as strings (ORIGIN passwords). */
  public static boolean constantTimeEquals(String expected, byte[] presented) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented);
  }

  /** Hex SHA-256 of a secret, for use as a revocation key or a log-safe handle (never the secret itself). */
  public static String sha256Hex(String secret) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder(digest.length * 2);
      for (byte b : digest) {
        sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return sb.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
