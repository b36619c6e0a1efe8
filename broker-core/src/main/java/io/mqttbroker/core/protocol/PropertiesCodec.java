package io.mqttbroker.core.protocol;

import io.mqttbroker.core.routing.Message;
import io.mqttbroker.core.routing.MessageProperties;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.BinaryProperty;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttProperties.StringPair;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.netty.handler.codec.mqtt.MqttProperties.UserProperties;
import io.netty.handler.codec.mqtt.MqttProperties.UserProperty;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Converts between Netty's MQTT 5 properties and the codec-free {@link MessageProperties} that routing carries, and
 * measures encoded properties (to keep a PUBLISH within the client's maximum packet size).
 */
final class PropertiesCodec {
  private static final int PAYLOAD_FORMAT = MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value();
  private static final int EXPIRY = MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value();
  private static final int CONTENT_TYPE = MqttPropertyType.CONTENT_TYPE.value();
  private static final int RESPONSE_TOPIC = MqttPropertyType.RESPONSE_TOPIC.value();
  private static final int CORRELATION_DATA = MqttPropertyType.CORRELATION_DATA.value();
  private static final int USER_PROPERTY = MqttPropertyType.USER_PROPERTY.value();
  private static final int SUBSCRIPTION_ID = MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value();

  private PropertiesCodec() {}

  /** The properties of a PUBLISH (or of a will) as routing carries them; the expiry becomes a deadline. */
  static MessageProperties toMessage(MqttProperties props, long nowMillis) {
    if (props == null) {
      return MessageProperties.NONE;
    }
    long expiry = integer(props, EXPIRY).map(Integer::toUnsignedLong).orElse(0L);
    List<MessageProperties.UserProperty> users = new ArrayList<>();
    for (MqttProperty<?> p : props.getProperties(USER_PROPERTY)) {
      if (p instanceof UserProperty u) {
        users.add(new MessageProperties.UserProperty(u.value().key, u.value().value));
      } else if (p instanceof UserProperties list) {
        list.value().forEach(pair -> users.add(new MessageProperties.UserProperty(pair.key, pair.value)));
      }
    }
    return new MessageProperties(integer(props, PAYLOAD_FORMAT), string(props, CONTENT_TYPE),
        string(props, RESPONSE_TOPIC), binary(props, CORRELATION_DATA), users,
        expiry == 0 ? 0 : nowMillis + expiry * 1000);
  }

  /** The properties of an outgoing PUBLISH: what the publisher sent, the remaining expiry, subscription ids. */
  static MqttProperties toPublish(Message message, long nowMillis) {
    MessageProperties m = message.properties();
    MqttProperties props = new MqttProperties();
    m.payloadFormat().ifPresent(v -> props.add(new IntegerProperty(PAYLOAD_FORMAT, v)));
    m.remainingSeconds(nowMillis).ifPresent(v -> props.add(new IntegerProperty(EXPIRY, v.intValue())));
    m.contentType().ifPresent(v -> props.add(new StringProperty(CONTENT_TYPE, v)));
    m.responseTopic().ifPresent(v -> props.add(new StringProperty(RESPONSE_TOPIC, v)));
    m.correlationData().ifPresent(v -> props.add(new BinaryProperty(CORRELATION_DATA, v)));
    if (!m.userProperties().isEmpty()) {
      List<StringPair> pairs = new ArrayList<>(m.userProperties().size());
      for (MessageProperties.UserProperty u : m.userProperties()) {
        pairs.add(new StringPair(u.name(), u.value()));
      }
      props.add(new UserProperties(pairs));
    }
    for (int id : message.delivery().subscriptionIds()) {
      props.add(new IntegerProperty(SUBSCRIPTION_ID, id));
    }
    return props;
  }

  static Optional<Integer> integer(MqttProperties props, int id) {
    MqttProperty<?> p = props == null ? null : props.getProperty(id);
    return p != null && p.value() instanceof Integer i ? Optional.of(i) : Optional.empty();
  }

  static Optional<String> string(MqttProperties props, int id) {
    MqttProperty<?> p = props == null ? null : props.getProperty(id);
    return p != null && p.value() instanceof String s ? Optional.of(s) : Optional.empty();
  }

  static Optional<byte[]> binary(MqttProperties props, int id) {
    MqttProperty<?> p = props == null ? null : props.getProperty(id);
    return p != null && p.value() instanceof byte[] b ? Optional.of(b) : Optional.empty();
  }

  /** Bytes the properties take on the wire, without their length prefix. */
  static int encodedLength(MqttProperties props) {
    int total = 0;
    for (MqttProperty<?> p : props.listAll()) {
      total += encodedLength(p);
    }
    return total;
  }

  private static int encodedLength(MqttProperty<?> p) {
    int id = p.propertyId();
    Object value = p.value();
    if (value instanceof String s) {
      return 1 + 2 + utf8Length(s);
    }
    if (value instanceof byte[] b) {
      return 1 + 2 + b.length;
    }
    if (p instanceof UserProperties users) {
      int n = 0;
      for (StringPair pair : users.value()) {
        n += 1 + 2 + utf8Length(pair.key) + 2 + utf8Length(pair.value);
      }
      return n;
    }
    if (p instanceof UserProperty user) {
      return 1 + 2 + utf8Length(user.value().key) + 2 + utf8Length(user.value().value);
    }
    int number = (Integer) value;
    if (id == SUBSCRIPTION_ID) {
      return 1 + varIntLength(number);
    }
    MqttPropertyType type = MqttPropertyType.valueOf(id);
    return 1 + switch (type) {
      case SERVER_KEEP_ALIVE, RECEIVE_MAXIMUM, TOPIC_ALIAS_MAXIMUM, TOPIC_ALIAS -> 2;
      case PUBLICATION_EXPIRY_INTERVAL, SESSION_EXPIRY_INTERVAL, WILL_DELAY_INTERVAL, MAXIMUM_PACKET_SIZE -> 4;
      default -> 1;
    };
  }

  /** Size of a whole PUBLISH packet as encoded. */
  static long publishPacketLength(String topic, int qos, MqttProperties props, int payloadLength, boolean v5) {
    long remaining = 2L + utf8Length(topic) + (qos > 0 ? 2 : 0) + payloadLength;
    if (v5) {
      int propsLength = encodedLength(props);
      remaining += varIntLength(propsLength) + propsLength;
    }
    return 1 + varIntLength((int) Math.min(Integer.MAX_VALUE, remaining)) + remaining;
  }

  static int varIntLength(int value) {
    int n = 1;
    while (value >= 128) {
      value >>>= 7;
      n++;
    }
    return n;
  }

  private static int utf8Length(String s) {
    return io.netty.buffer.ByteBufUtil.utf8Bytes(s);
  }
}
