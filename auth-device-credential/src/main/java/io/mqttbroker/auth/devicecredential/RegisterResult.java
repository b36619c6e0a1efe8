package io.mqttbroker.auth.devicecredential;

/**
 * The answer of RegisterDeviceCredential.
 *
 * @param credential the credential of the client id
 * @param created true when this call created it, false when the client id already had one (returned unchanged)
 */
public record RegisterResult(DeviceCredential credential, boolean created) {}
