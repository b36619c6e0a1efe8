package io.mqttbroker.core.security.spi;

import java.util.List;

/**
 * The usernames of the reference service's built-in modes, {@code <Mode>|<KeyId>|<InstanceId>}, read in one place.
 * The prefix names the mode, so a username that carries it is that mode's to decide: a malformed rest is a bad
 * credential, a foreign instance is not authorized (AUTH-SPEC sections 1 and 2).
 */
public final class ReferenceUsername {
  public static final String SIGNATURE = "Signature";
  public static final String TOKEN = "Token";
  public static final String DEVICE_CREDENTIAL = "DeviceCredential";
  private static final List<String> MODES = List.of(SIGNATURE, TOKEN, DEVICE_CREDENTIAL);

  private ReferenceUsername() {}

  /** Whether {@code username} starts with the prefix of one of the built-in modes (custom mode leaves it alone). */
  public static boolean isReserved(String username) {
    for (String mode : MODES) {
      if (username.startsWith(mode + "|")) {
        return true;
      }
    }
    return false;
  }

  /** What a CONNECT's username means to the mode {@code mode} of the broker instance {@code instanceId}. */
  public static Claim claim(ConnectRequest request, String mode, String instanceId) {
    String username = request.username().orElse("");
    if (!username.startsWith(mode + "|")) {
      return new Claim.NotMine();
    }
    String[] parts = username.split("\\|", -1);
    if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
      return new Claim.Refused(new AuthenticationResult.Deny(DenyReason.BAD_CREDENTIALS,
          "username must be " + mode + "|<KeyId>|<InstanceId>"));
    }
    if (!parts[2].equals(instanceId)) {
      return new Claim.Refused(new AuthenticationResult.Deny(DenyReason.NOT_AUTHORIZED,
          "instance " + parts[2] + " is not this broker's"));
    }
    return new Claim.Key(parts[1]);
  }

  /** The reading of a username by one mode. */
  public sealed interface Claim {
    /** Another mode's username (or none): the authenticator ignores the CONNECT. */
    record NotMine() implements Claim {}

    /** This mode's prefix but unusable: the authenticator answers this deny. */
    record Refused(AuthenticationResult.Deny deny) implements Claim {}

    /** This mode's username for this instance, naming {@code keyId}. */
    record Key(String keyId) implements Claim {}
  }
}
