package io.mqttbroker.auth.devicecredential;

/**
 * A row of {@code device_credential}: the secret is sealed (see {@link io.mqttbroker.store.SecretCipher}).
 *
 * @param clientId the bound client id
 * @param keyId the device access key id
 * @param sealedSecret the sealed secret
 * @param createTime epoch milliseconds
 * @param updateTime epoch milliseconds
 */
record StoredCredential(String clientId, String keyId, String sealedSecret, long createTime, long updateTime) {
  @Override
  public String toString() {
    return "StoredCredential[clientId=" + clientId + ", keyId=" + keyId + "]";
  }
}
