package io.mqttbroker.auth.devicecredential;

/**
 * Configuration of the device-credential mode.
 *
 * @param instanceId the broker's instance id ({@code mqtt.instance-id})
 * @param maxCredentials the quota of credentials: the instance's maximum connections ({@code mqtt.max-connections})
 * @param maxClientIdLength the longest client id accepted ({@code mqtt.max-client-id-length})
 * @param requireGroupFormat whether client ids must follow {@code GroupId@@@DeviceId}
 *     ({@code auth.require-group-format})
 */
public record DeviceCredentialSettings(
    String instanceId, long maxCredentials, int maxClientIdLength, boolean requireGroupFormat) {

  public DeviceCredentialSettings {
    if (instanceId == null || instanceId.isBlank()) {
      throw new IllegalArgumentException("the instance id must not be empty");
    }
    if (maxCredentials < 0) {
      throw new IllegalArgumentException("the credential quota must not be negative");
    }
    if (maxClientIdLength < 1) {
      throw new IllegalArgumentException("the longest client id must be at least 1");
    }
  }
}
