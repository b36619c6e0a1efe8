package io.mqttbroker.core.protocol;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.core.security.spi.DenyReason;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import java.util.List;
import java.util.Optional;

/** Builds the packets the broker sends, for MQTT 3.1.1 and 5. */
final class Replies {
  static final int V5 = 5;

  private Replies() {}

  static MqttConnAckMessage connAck(MqttConnectReturnCode code, boolean sessionPresent, MqttProperties props) {
    return MqttMessageBuilders.connAck().returnCode(code).sessionPresent(sessionPresent).properties(props).build();
  }

  /**
   * The properties of an accepting MQTT 5 CONNACK: the broker's limits (receive maximum, maximum packet size, topic
   * alias maximum), an assigned client id and a server keep alive when they apply. Maximum QoS, retain, wildcard,
   * subscription identifier and shared subscription availability are all "yes", the default, so they are left out.
   */
  static MqttProperties acceptedProperties(BrokerOptions options, Optional<String> assignedClientId,
      Optional<Integer> serverKeepAlive) {
    MqttProperties props = new MqttProperties();
    assignedClientId.ifPresent(id -> props.add(
        new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value(), id)));
    props.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(),
        Math.min(65535, options.maxInflight())));
    props.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE.value(),
        options.maxPacketSize()));
    props.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.TOPIC_ALIAS_MAXIMUM.value(),
        options.topicAliasMaximum()));
    serverKeepAlive.ifPresent(k -> props.add(
        new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.SERVER_KEEP_ALIVE.value(), k)));
    return props;
  }

  /** A refusal CONNACK for the client's protocol version, with the reason string in MQTT 5. */
  static MqttConnAckMessage refuse(int version, Refusal refusal, String reason) {
    MqttProperties props = new MqttProperties();
    if (version == V5 && reason != null) {
      props.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(), reason));
    }
    return connAck(version == V5 ? refusal.v5 : refusal.v3, false, props);
  }

  static Refusal refusalFor(DenyReason reason) {
    return switch (reason) {
      case BAD_CREDENTIALS -> Refusal.BAD_CREDENTIALS;
      case NOT_AUTHORIZED -> Refusal.NOT_AUTHORIZED;
      case BANNED -> Refusal.BANNED;
      case CLIENT_ID_REJECTED -> Refusal.CLIENT_ID;
      case SERVER_UNAVAILABLE -> Refusal.UNAVAILABLE;
    };
  }

  // Immutable; the encoder computes the remaining length.
  private static final MqttFixedHeader PUBACK_HEADER =
      new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0);
  private static final MqttFixedHeader PUBREC_HEADER =
      new MqttFixedHeader(MqttMessageType.PUBREC, false, MqttQoS.AT_MOST_ONCE, false, 0);
  private static final MqttFixedHeader PUBREL_HEADER =
      new MqttFixedHeader(MqttMessageType.PUBREL, false, MqttQoS.AT_LEAST_ONCE, false, 0);
  private static final MqttFixedHeader PUBCOMP_HEADER =
      new MqttFixedHeader(MqttMessageType.PUBCOMP, false, MqttQoS.AT_MOST_ONCE, false, 0);

  static MqttMessage pubReply(MqttMessageType type, int packetId, int reasonCode, int version) {
    return pubReply(type, packetId, reasonCode, version, null);
  }

  /** PUBACK/PUBREC/PUBREL/PUBCOMP; MQTT 5 with a reason code and (when not null) a reason string. */
  static MqttMessage pubReply(MqttMessageType type, int packetId, int reasonCode, int version, String reason) {
    MqttFixedHeader header = switch (type) {
      case PUBACK -> PUBACK_HEADER;
      case PUBREC -> PUBREC_HEADER;
      case PUBREL -> PUBREL_HEADER;
      case PUBCOMP -> PUBCOMP_HEADER;
      default -> throw new IllegalArgumentException("not a publish reply: " + type);
    };
    if (version == V5 && (reasonCode != 0 || reason != null)) {
      return new MqttMessage(header,
          new MqttPubReplyMessageVariableHeader(packetId, (byte) reasonCode, reasonString(reason)));
    }
    return new MqttMessage(header, MqttMessageIdVariableHeader.from(packetId));
  }

  static MqttSubAckMessage subAck(int packetId, List<Integer> codes) {
    return subAck(packetId, codes, null);
  }

  /** SUBACK; MQTT 5 with a reason string when not null. */
  static MqttSubAckMessage subAck(int packetId, List<Integer> codes, String reason) {
    MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0);
    return new MqttSubAckMessage(header,
        new MqttMessageIdAndPropertiesVariableHeader(packetId, reasonString(reason)),
        new MqttSubAckPayload(codes));
  }

  private static MqttProperties reasonString(String reason) {
    if (reason == null) {
      return MqttProperties.NO_PROPERTIES;
    }
    MqttProperties props = new MqttProperties();
    props.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(), reason));
    return props;
  }

  static MqttUnsubAckMessage unsubAck(int packetId, List<Short> codes, int version) {
    MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0);
    return new MqttUnsubAckMessage(header,
        new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
        version == V5 ? new MqttUnsubAckPayload(codes) : null);
  }

  static MqttMessage pingResp() {
    return new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0));
  }

  /** A server DISCONNECT (MQTT 5 only) with a reason code and string. */
  static MqttMessage disconnect(int reasonCode, String reason) {
    MqttProperties props = new MqttProperties();
    if (reason != null) {
      props.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(), reason));
    }
    return MqttMessageBuilders.disconnect().reasonCode((byte) reasonCode).properties(props).build();
  }

  /** CONNACK refusals as 3.1.1 and MQTT 5 codes. */
  enum Refusal {
    PROTOCOL_VERSION(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
        MqttConnectReturnCode.CONNECTION_REFUSED_UNSUPPORTED_PROTOCOL_VERSION),
    CLIENT_ID(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
        MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID),
    BAD_CREDENTIALS(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
        MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD),
    NOT_AUTHORIZED(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
        MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5),
    BANNED(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, MqttConnectReturnCode.CONNECTION_REFUSED_BANNED),
    UNAVAILABLE(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
        MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5),
    BUSY(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
        MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_BUSY),
    TOO_LARGE(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
        MqttConnectReturnCode.CONNECTION_REFUSED_PACKET_TOO_LARGE),
    MALFORMED(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
        MqttConnectReturnCode.CONNECTION_REFUSED_MALFORMED_PACKET),
    // The next two only arise from MQTT 5 properties; the 3.1.1 codes are never sent.
    PROTOCOL_ERROR(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
        MqttConnectReturnCode.CONNECTION_REFUSED_PROTOCOL_ERROR),
    BAD_AUTHENTICATION_METHOD(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
        MqttConnectReturnCode.CONNECTION_REFUSED_BAD_AUTHENTICATION_METHOD);

    final MqttConnectReturnCode v3;
    final MqttConnectReturnCode v5;

    Refusal(MqttConnectReturnCode v3, MqttConnectReturnCode v5) {
      this.v3 = v3;
      this.v5 = v5;
    }
  }
}
