package io.mqttbroker.core.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Hand-made MQTT 5 packets for {@link RawClient}, and a reader for what the broker sends back. */
final class Mqtt5Packets {
  static final int TOPIC_ALIAS = 0x23;
  static final int TOPIC_ALIAS_MAXIMUM = 0x22;
  static final int RECEIVE_MAXIMUM = 0x21;
  static final int SESSION_EXPIRY = 0x11;
  static final int WILL_DELAY = 0x18;
  static final int REASON_STRING = 0x1F;

  private Mqtt5Packets() {}

  /** MQTT 5 properties, written in order. */
  static final class Props {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Props twoByte(int id, int value) {
      out.write(id);
      out.write(value >> 8);
      out.write(value & 0xff);
      return this;
    }

    Props fourByte(int id, long value) {
      out.write(id);
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write((int) (value >> shift) & 0xff);
      }
      return this;
    }

    byte[] bytes() {
      byte[] body = out.toByteArray();
      ByteArrayOutputStream withLength = new ByteArrayOutputStream();
      writeVarInt(withLength, body.length);
      withLength.writeBytes(body);
      return withLength.toByteArray();
    }
  }

  static Props props() {
    return new Props();
  }

  static byte[] connect(String clientId, int keepAlive, boolean cleanStart, Props props) {
    return connect(clientId, keepAlive, cleanStart, props, null, null);
  }

  /** A CONNECT; with a will (QoS 1) when {@code willTopic} is not null. */
  static byte[] connect(String clientId, int keepAlive, boolean cleanStart, Props props, String willTopic,
      Props willProps) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    RawClient.writeString(body, "MQTT");
    body.write(5);
    body.write((cleanStart ? 0x02 : 0) | (willTopic != null ? 0x04 | 0x08 : 0));
    body.write(keepAlive >> 8);
    body.write(keepAlive & 0xff);
    body.writeBytes(props.bytes());
    RawClient.writeString(body, clientId);
    if (willTopic != null) {
      body.writeBytes(willProps.bytes());
      RawClient.writeString(body, willTopic);
      RawClient.writeString(body, "gone");
    }
    return RawClient.packet(0x10, body.toByteArray());
  }

  static byte[] publish(String topic, int qos, int packetId, Props props, String payload) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    RawClient.writeString(body, topic);
    if (qos > 0) {
      body.write(packetId >> 8);
      body.write(packetId & 0xff);
    }
    body.writeBytes(props.bytes());
    body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
    return RawClient.packet(0x30 | qos << 1, body.toByteArray());
  }

  static byte[] subscribe(int packetId, String filter, int options) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(packetId >> 8);
    body.write(packetId & 0xff);
    body.writeBytes(props().bytes());
    RawClient.writeString(body, filter);
    body.write(options);
    return RawClient.packet(0x82, body.toByteArray());
  }

  static byte[] disconnect(int reasonCode, Props props) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(reasonCode);
    body.writeBytes(props.bytes());
    return RawClient.packet(0xE0, body.toByteArray());
  }

  static byte[] pubAck(int packetId) {
    return RawClient.packet(0x40, new byte[] {(byte) (packetId >> 8), (byte) packetId});
  }

  /** Reads packets until one of {@code type} (the upper nibble, e.g. 0x30 PUBLISH) arrives. */
  static Packet next(RawClient raw, int type) throws java.io.IOException {
    while (true) {
      int[] p = raw.readPacket();
      if (p == null) {
        throw new AssertionError("connection closed while waiting for packet type " + Integer.toHexString(type));
      }
      if ((p[0] & 0xF0) == type) {
        return new Packet(p);
      }
    }
  }

  /** A packet read from the broker. */
  static final class Packet {
    final int[] raw;
    private int pos = 1;

    Packet(int[] raw) {
      this.raw = raw;
    }

    int type() {
      return raw[0] & 0xF0;
    }

    /** PUBLISH: topic, packet id, properties, payload. */
    Publish asPublish() {
      pos = 1;
      String topic = string();
      int qos = (raw[0] >> 1) & 3;
      int packetId = qos > 0 ? twoBytes() : 0;
      Map<Integer, List<Object>> props = properties();
      StringBuilder payload = new StringBuilder();
      byte[] bytes = new byte[raw.length - pos];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) raw[pos + i];
      }
      payload.append(new String(bytes, StandardCharsets.UTF_8));
      return new Publish(topic, qos, packetId, props, payload.toString());
    }

    /** DISCONNECT or CONNACK-less packets whose first body byte is the reason code. */
    int reasonCode() {
      return raw.length > 1 ? raw[1] : 0;
    }

    private String string() {
      int len = twoBytes();
      byte[] b = new byte[len];
      for (int i = 0; i < len; i++) {
        b[i] = (byte) raw[pos++];
      }
      return new String(b, StandardCharsets.UTF_8);
    }

    private int twoBytes() {
      int v = (raw[pos] << 8) | raw[pos + 1];
      pos += 2;
      return v;
    }

    private int varInt() {
      int value = 0;
      int multiplier = 1;
      int b;
      do {
        b = raw[pos++];
        value += (b & 127) * multiplier;
        multiplier *= 128;
      } while ((b & 128) != 0);
      return value;
    }

    private Map<Integer, List<Object>> properties() {
      int length = varInt();
      int end = pos + length;
      Map<Integer, List<Object>> props = new HashMap<>();
      while (pos < end) {
        int id = varInt();
        Object value = switch (id) {
          case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> raw[pos++];
          case 0x13, 0x21, 0x22, 0x23 -> twoBytes();
          case 0x02, 0x11, 0x18, 0x27 -> (long) twoBytes() << 16 | twoBytes();
          case 0x0B -> varInt();
          case 0x26 -> string() + "=" + string();
          default -> string(); // the strings (and binary data, read as text here)
        };
        props.computeIfAbsent(id, k -> new ArrayList<>()).add(value);
      }
      return props;
    }
  }

  /** A PUBLISH as received. */
  record Publish(String topic, int qos, int packetId, Map<Integer, List<Object>> properties, String payload) {
    Object property(int id) {
      List<Object> values = properties.get(id);
      return values == null ? null : values.get(0);
    }
  }

  static void writeVarInt(ByteArrayOutputStream out, int value) {
    do {
      int digit = value % 128;
      value /= 128;
      out.write(value > 0 ? digit | 128 : digit);
    } while (value > 0);
  }
}
