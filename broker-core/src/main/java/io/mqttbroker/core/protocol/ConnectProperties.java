package io.mqttbroker.core.protocol;

import io.mqttbroker.core.routing.MessageProperties;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import java.util.Optional;

/**
 * What an MQTT 5 CONNECT asked for in its properties, with the specification's defaults for anything absent (and for
 * MQTT 3.1.1, which has no properties).
 *
 * @param sessionExpiry session expiry interval, seconds (0 = ends with the connection)
 * @param receiveMaximum most unacknowledged QoS 1/2 PUBLISH the client accepts from the broker
 * @param maximumPacketSize largest packet the client accepts, bytes
 * @param topicAliasMaximum most topic aliases the client accepts from the broker
 * @param requestProblemInformation whether reason strings may be sent on packets other than CONNACK/DISCONNECT/PUBLISH
 * @param authenticationMethod the enhanced authentication method, if the client asked for one
 * @param willDelay will delay interval, seconds
 * @param willExpiry the will message's expiry interval, seconds (0 = none); it counts from when the will is published
 * @param willProperties the will message's other properties
 */
record ConnectProperties(long sessionExpiry, int receiveMaximum, long maximumPacketSize, int topicAliasMaximum,
    boolean requestProblemInformation, Optional<String> authenticationMethod, long willDelay, long willExpiry,
    MessageProperties willProperties) {

  static final long UNLIMITED_PACKET_SIZE = 268_435_460L;
  static final ConnectProperties V3 = new ConnectProperties(0, 65535, UNLIMITED_PACKET_SIZE, 0, true,
      Optional.empty(), 0, 0, MessageProperties.NONE);

  /** Reads an MQTT 5 CONNECT; an error message when a property has a value the specification forbids. */
  static Parsed parse(MqttConnectMessage msg) {
    MqttProperties p = msg.variableHeader().properties();
    long expiry = unsigned(p, MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0);
    long receiveMax = unsigned(p, MqttPropertyType.RECEIVE_MAXIMUM, 65535);
    long maxPacket = unsigned(p, MqttPropertyType.MAXIMUM_PACKET_SIZE, UNLIMITED_PACKET_SIZE);
    long aliasMax = unsigned(p, MqttPropertyType.TOPIC_ALIAS_MAXIMUM, 0);
    long problemInfo = unsigned(p, MqttPropertyType.REQUEST_PROBLEM_INFORMATION, 1);
    if (receiveMax == 0) {
      return Parsed.error("receive maximum 0");
    }
    if (maxPacket == 0) {
      return Parsed.error("maximum packet size 0");
    }
    if (problemInfo > 1) {
      return Parsed.error("request problem information must be 0 or 1");
    }
    MqttProperties will = msg.payload().willProperties();
    boolean hasWill = msg.variableHeader().isWillFlag();
    long willDelay = hasWill ? unsigned(will, MqttPropertyType.WILL_DELAY_INTERVAL, 0) : 0;
    long willExpiry = hasWill ? unsigned(will, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL, 0) : 0;
    MessageProperties willProps = hasWill ? PropertiesCodec.toMessage(will, 0).withExpiresAt(0)
        : MessageProperties.NONE;
    return new Parsed(new ConnectProperties(expiry, (int) receiveMax, maxPacket, (int) aliasMax, problemInfo == 1,
        PropertiesCodec.string(p, MqttPropertyType.AUTHENTICATION_METHOD.value()), willDelay, willExpiry, willProps),
        null);
  }

  private static long unsigned(MqttProperties props, MqttPropertyType type, long absent) {
    return PropertiesCodec.integer(props, type.value()).map(Integer::toUnsignedLong).orElse(absent);
  }

  /** The properties, or why they are a protocol error. */
  record Parsed(ConnectProperties properties, String error) {
    static Parsed error(String why) {
      return new Parsed(null, why);
    }
  }
}
