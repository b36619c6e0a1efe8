package io.mqttbroker.core.routing;

/**
 * An application message as routed between clients: immutable, payload never mutated after construction.
 *
 * @param topic topic name
 * @param payload the payload bytes (shared between deliveries; never modified)
 * @param qos the QoS it was published with (or, once routed, the QoS of this delivery)
 * @param retain the RETAIN flag as published (or, once routed, as this subscriber sees it)
 * @param publisherClientId the client that published it ("" for the broker itself)
 * @param properties the MQTT 5 properties passed through from the publisher
 * @param delivery how it reached one subscriber ({@link Delivery#DIRECT} before routing)
 */
public record Message(String topic, byte[] payload, int qos, boolean retain, String publisherClientId,
    MessageProperties properties, Delivery delivery) {

  /** A message without MQTT 5 properties. */
  public Message(String topic, byte[] payload, int qos, boolean retain, String publisherClientId) {
    this(topic, payload, qos, retain, publisherClientId, MessageProperties.NONE, Delivery.DIRECT);
  }

  /** The same message with another QoS (downgraded to a subscription's maximum). */
  public Message withQos(int newQos) {
    return newQos == qos ? this
        : new Message(topic, payload, newQos, retain, publisherClientId, properties, delivery);
  }

  /** The same message with another RETAIN flag. */
  public Message withRetain(boolean newRetain) {
    return newRetain == retain ? this
        : new Message(topic, payload, qos, newRetain, publisherClientId, properties, delivery);
  }

  /** The same message as delivered through {@code newDelivery}. */
  public Message withDelivery(Delivery newDelivery) {
    return newDelivery == delivery ? this
        : new Message(topic, payload, qos, retain, publisherClientId, properties, newDelivery);
  }

  public boolean expiredAt(long nowMillis) {
    return properties.expiredAt(nowMillis);
  }

  @Override
  public String toString() {
    return "Message[topic=" + topic + ", qos=" + qos + ", retain=" + retain + ", bytes=" + payload.length + "]";
  }
}
