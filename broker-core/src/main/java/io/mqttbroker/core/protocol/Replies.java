package io.mqttbroker.core.protocol;

import io.mqttbroker.core.routing.Message;
import io.mqttbroker.core.security.spi.DenyReason;
import io.netty.buffer.Unpooled;
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
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import java.util.List;

/** Builds the packets the broker sends, for MQTT 3.1.1 and 5. */
final class Replies {
  static final int V5 = 5;

  private Replies() {}

  static MqttConnAckMessage connAck(MqttConnectReturnCode code, boolean sessionPresent, MqttProperties props) {
    return MqttMessageBuilders.connAck().returnCode(code).sessionPresent(sessionPresent).properties(props).build();
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

  static MqttPublishMessage publish(int packetId, Message message, boolean dup) {
    MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(message.qos()),
        message.retain(), 0);
    return new MqttPublishMessage(header, new MqttPublishVariableHeader(message.topic(), packetId),
        Unpooled.wrappedBuffer(message.payload()));
  }

  static MqttMessage pubReply(MqttMessageType type, int packetId, int reasonCode, int version) {
    MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
    MqttFixedHeader header = new MqttFixedHeader(type, false, qos, false, 0);
    if (version == V5 && reasonCode != 0) {
      return new MqttMessage(header,
          new MqttPubReplyMessageVariableHeader(packetId, (byte) reasonCode, MqttProperties.NO_PROPERTIES));
    }
    return new MqttMessage(header, MqttMessageIdVariableHeader.from(packetId));
  }

  static MqttSubAckMessage subAck(int packetId, List<Integer> codes) {
    MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0);
    return new MqttSubAckMessage(header,
        new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
        new MqttSubAckPayload(codes));
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
        MqttConnectReturnCode.CONNECTION_REFUSED_MALFORMED_PACKET);

    final MqttConnectReturnCode v3;
    final MqttConnectReturnCode v5;

    Refusal(MqttConnectReturnCode v3, MqttConnectReturnCode v5) {
      this.v3 = v3;
      this.v5 = v5;
    }
  }
}
