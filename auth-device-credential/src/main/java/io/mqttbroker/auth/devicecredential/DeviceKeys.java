package io.mqttbroker.auth.devicecredential;

import java.security.SecureRandom;
import java.util.Base64;

/** Makes device access key ids and secrets. Thread-safe. */
final class DeviceKeys {
  /** Every device access key id starts with this, so that a key id is recognisable in logs and support requests. */
  static final String KEY_ID_PREFIX = "DC";

  private static final char[] KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
  private static final int KEY_ID_RANDOM_CHARS = 20;
  // 24 bytes = 192 bits of entropy, written as 32 URL-safe characters.
  private static final int SECRET_BYTES = 24;

  private final SecureRandom random;

  DeviceKeys(SecureRandom random) {
    this.random = random;
  }

  /** {@code DC} and 20 random upper-case letters and digits (about 103 bits). */
  String newKeyId() {
    StringBuilder id = new StringBuilder(KEY_ID_PREFIX.length() + KEY_ID_RANDOM_CHARS).append(KEY_ID_PREFIX);
    for (int i = 0; i < KEY_ID_RANDOM_CHARS; i++) {
      id.append(KEY_ID_ALPHABET[random.nextInt(KEY_ID_ALPHABET.length)]);
    }
    return id.toString();
  }

  /** 192 random bits, URL-safe Base64 without padding (no {@code |}, safe in any header or form). */
  String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
