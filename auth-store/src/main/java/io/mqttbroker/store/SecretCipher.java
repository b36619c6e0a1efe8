package io.mqttbroker.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Protects secrets that must stay recoverable (HMAC keys of access keys and device credentials, ORIGIN passwords)
 * while they sit in the database: AES-256-GCM with a random 96-bit nonce per value, stored as
 * {@code v1:<base64(nonce|ciphertext|tag)>}. The key comes from configuration (shared by every node of a PostgreSQL
 * deployment) or, for the embedded default, from {@code <data-dir>/store.key}, created once with owner-only access.
 * A database dump alone therefore does not reveal a secret.
 */
public final class SecretCipher {
  private static final String PREFIX = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  private SecretCipher(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("the store encryption key must be 32 bytes (base64 of 32 random bytes)");
    }
    this.key = new SecretKeySpec(key, "AES");
  }

  /** A cipher from a base64 key given in configuration. */
  public static SecretCipher fromBase64Key(String base64Key) {
    return new SecretCipher(Base64.getDecoder().decode(base64Key.trim()));
  }

  /** The key in {@code keyFile}, created with 32 random bytes (owner read/write only) when it does not exist. */
  public static SecretCipher fromKeyFile(Path keyFile) {
    try {
      if (!Files.exists(keyFile)) {
        Files.createDirectories(keyFile.toAbsolutePath().getParent());
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(fresh), StandardCharsets.US_ASCII,
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
          Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
          // Not a POSIX file system: rely on the data directory's permissions.
        }
      }
      return fromBase64Key(Files.readString(keyFile, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read or create the store key file " + keyFile, e);
    }
  }

  /** Encrypts a secret for storage. */
  public String seal(String secret) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return PREFIX + Base64.getEncoder().encodeToString(
          ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /** Decrypts a value made by {@link #seal}; fails when the value was altered or sealed with another key. */
  public String open(String stored) {
    if (!stored.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a sealed secret");
    }
    try {
      byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a stored secret cannot be decrypted: wrong store key?", e);
    }
  }
}
