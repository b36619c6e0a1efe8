package io.mqttbroker.auth.devicecredential;

/**
 * The credential of one device (RegisterDeviceCredential): the device signs its client id with the secret and
 * connects as {@code DeviceCredential|<deviceAccessKeyId>|<instanceId>}. {@link #toString()} never shows the secret.
 *
 * @param clientId the one client id this credential may connect as
 * @param instanceId the instance that issued it
 * @param deviceAccessKeyId public key id, {@code DC} followed by 20 upper-case letters and digits
 * @param deviceAccessKeySecret the HMAC key, in clear (only in answers that the admin API returns to its caller)
 * @param createTime epoch milliseconds of the registration
 * @param updateTime epoch milliseconds of the last refresh (equal to createTime until then)
 */
public record DeviceCredential(
    String clientId,
    String instanceId,
    String deviceAccessKeyId,
    String deviceAccessKeySecret,
    long createTime,
    long updateTime) {

  @Override
  public String toString() {
    return "DeviceCredential[clientId=" + clientId + ", instanceId=" + instanceId + ", deviceAccessKeyId="
        + deviceAccessKeyId + ", createTime=" + createTime + ", updateTime=" + updateTime + "]";
  }
}
