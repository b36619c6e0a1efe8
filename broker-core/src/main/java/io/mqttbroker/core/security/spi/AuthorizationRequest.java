package io.mqttbroker.core.security.spi;

/**
 * A PUBLISH or SUBSCRIBE to judge.
 *
 * @param client the live client asking
 * @param action publish or subscribe
 * @param topic the topic name of a PUBLISH, or the filter of a SUBSCRIBE (without any {@code $share/group/} prefix)
 * @param qos the requested QoS
 */
public record AuthorizationRequest(ClientContext client, Action action, String topic, int qos) {}
