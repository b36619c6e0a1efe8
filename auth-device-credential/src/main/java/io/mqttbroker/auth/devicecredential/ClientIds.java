package io.mqttbroker.auth.devicecredential;

import java.util.Optional;
import java.util.regex.Pattern;

/** Rules for the client ids a credential may be registered for, and the group a client id belongs to. */
final class ClientIds {
  /** The separator between GroupId and DeviceId in the reference's client ids. */
  static final String GROUP_SEPARATOR = "@@@";

  /** The storage column's width; a longer configured limit is clamped to it. */
  static final int STORE_LIMIT = 1024;

  // The reference's format: GroupId of 7-64 chars starting GID_ or GID-, a device id, the whole at most 64 chars.
  private static final Pattern GROUP_FORMAT = Pattern.compile("GID[_-][0-9A-Za-z_-]{3,60}@@@[0-9A-Za-z_-]+");
  private static final int GROUP_FORMAT_MAX_LENGTH = 64;

  private ClientIds() {}

  /** The group of a client id: the part before the first {@code @@@}; empty when there is none. */
  static Optional<String> groupOf(String clientId) {
    int at = clientId.indexOf(GROUP_SEPARATOR);
    return at < 0 ? Optional.empty() : Optional.of(clientId.substring(0, at));
  }

  /**
   * Fails with {@code InvalidParameter.ClientId} unless {@code clientId} is a client id a device could connect with:
   * a non-empty, well-formed MQTT string without control characters, not longer than {@code maxLength} characters,
   * and, when {@code requireGroupFormat}, in the reference's {@code GroupId@@@DeviceId} format.
   */
  static void validate(String clientId, int maxLength, boolean requireGroupFormat) {
    if (clientId == null || clientId.isEmpty()) {
      throw invalid("clientId must not be empty");
    }
    int limit = Math.min(maxLength, STORE_LIMIT);
    if (clientId.length() > limit) {
      throw invalid("clientId is longer than " + limit + " characters");
    }
    for (int i = 0; i < clientId.length(); i++) {
      char c = clientId.charAt(i);
      if (Character.isISOControl(c)) {
        // U+0000 is forbidden by MQTT; the other control characters are "should not" there and unsafe in logs.
        throw invalid("clientId must not contain control characters");
      }
      boolean pair = Character.isHighSurrogate(c) && i + 1 < clientId.length()
          && Character.isLowSurrogate(clientId.charAt(i + 1));
      if (pair) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw invalid("clientId is not well-formed UTF-16/UTF-8");
      }
    }
    if (requireGroupFormat
        && (clientId.length() > GROUP_FORMAT_MAX_LENGTH || !GROUP_FORMAT.matcher(clientId).matches())) {
      throw invalid("clientId must be GroupId@@@DeviceId: GroupId of 7-64 characters starting with GID_ or GID-, "
          + "at most 64 characters of [0-9A-Za-z_-] in all besides '@@@'");
    }
  }

  private static DeviceCredentialException invalid(String message) {
    return new DeviceCredentialException(DeviceCredentialException.INVALID_CLIENT_ID, message);
  }
}
