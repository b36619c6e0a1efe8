package io.mqttbroker.core.routing;

/**
 * An application message as routed between clients: immutable, payload never mutated after construction.
 *
 * @param topic topic name
 * @param payload the payload bytes (shared between deliveries; never modified)
 * @param qos the QoS it was published with
 * @param retain the RETAIN flag as published
 * @param publisherClientId the client that published it ("" for the broker itself)
 */
public record Message(String topic, byte[] payload, int qos, boolean retain, String publisherClientId) {

  /** The same message with another QoS (downgraded to a subscription's maximum). */
  public Message withQos(int newQos) {
    return newQos == qos ? this : new Message(topic, payload, newQos, retain, publisherClientId);
  }

  /** The same message with another RETAIN flag. */
  public Message withRetain(boolean newRetain) {
    return newRetain == retain ? this : new Message(topic, payload, qos, newRetain, publisherClientId);
  }

  @Override
  public String toString() {
    return "Message[topic=" + topic + ", qos=" + qos + ", retain=" + retain + ", bytes=" + payload.length + "]";
  }
}
