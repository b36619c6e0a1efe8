package io.mqttbroker.core.security.spi;

/** What a connected client asks to do. */
public enum Action {
  PUBLISH,
  SUBSCRIBE
}
