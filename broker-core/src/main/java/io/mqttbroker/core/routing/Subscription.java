package io.mqttbroker.core.routing;

/**
 * One client's subscription to one filter.
 *
 * @param clientId the subscriber
 * @param filter the topic filter
 * @param qos the maximum QoS granted
 */
public record Subscription(String clientId, String filter, int qos) {}
