package io.mqttbroker.core.security.spi;

/** Why a CONNECT is refused; the broker maps each to the CONNACK code of the client's protocol version. */
public enum DenyReason {
  /** Unknown key, bad signature, bad or unknown token: 3.1.1 0x04, MQTT 5 0x86. */
  BAD_CREDENTIALS,
  /** Wrong instance, policy deny, quota: 3.1.1 0x05, MQTT 5 0x87. */
  NOT_AUTHORIZED,
  /** Blacklisted: 3.1.1 0x05, MQTT 5 0x8A. */
  BANNED,
  /** Client id not acceptable: 3.1.1 0x02, MQTT 5 0x85. */
  CLIENT_ID_REJECTED,
  /** A store or dependency is down: 3.1.1 0x03, MQTT 5 0x88. */
  SERVER_UNAVAILABLE
}
