package io.mqttbroker.core.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw TCP MQTT client for malformed and hand-made packets. */
final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;

  private RawClient(Socket socket) throws IOException {
    this.socket = socket;
    this.socket.setSoTimeout(5000);
    this.in = socket.getInputStream();
  }

  static RawClient connect(int port) throws IOException {
    return new RawClient(new Socket("127.0.0.1", port));
  }

  /** A client whose socket takes at most about {@code receiveBuffer} bytes before the sender must wait. */
  static RawClient connect(int port, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(receiveBuffer);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    return new RawClient(socket);
  }

  void soTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  void send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  /** Reads one packet's first byte and body; -1 when the server closed the connection. */
  int[] readPacket() throws IOException {
    int type = in.read();
    if (type < 0) {
      return null;
    }
    int length = 0;
    int multiplier = 1;
    int b;
    do {
      b = in.read();
      length += (b & 127) * multiplier;
      multiplier *= 128;
    } while ((b & 128) != 0);
    int[] packet = new int[length + 1];
    packet[0] = type;
    for (int i = 1; i <= length; i++) {
      packet[i] = in.read();
    }
    return packet;
  }

  void expectConnAck(int returnCode) throws IOException {
    int[] p = readPacket();
    assertEquals(0x20, p[0], "CONNACK expected");
    assertEquals(returnCode, p[2], "CONNACK return code");
  }

  /** Whether the server closes the connection within the socket timeout (reading and discarding packets). */
  boolean closedByServer() throws IOException {
    try {
      while (readPacket() != null) {
        // discard
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by peer
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  static byte[] connectPacket(String clientId, String willTopic, String willPayload, int keepAlive) {
    return connectPacket(clientId, willTopic, willPayload, keepAlive, true);
  }

  static byte[] connectPacket(String clientId, String willTopic, String willPayload, int keepAlive, boolean clean) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeString(body, "MQTT");
    body.write(4);
    int flags = (clean ? 0x02 : 0) | (willTopic != null ? 0x04 | 0x08 : 0); // will QoS 1
    body.write(flags);
    body.write(keepAlive >> 8);
    body.write(keepAlive & 0xff);
    writeString(body, clientId);
    if (willTopic != null) {
      writeString(body, willTopic);
      writeString(body, willPayload);
    }
    return packet(0x10, body.toByteArray());
  }

  static byte[] publishPacket(String topic, String payload) {
    return publishPacket(topic, payload.getBytes(StandardCharsets.UTF_8));
  }

  /** A QoS 0 PUBLISH. */
  static byte[] publishPacket(String topic, byte[] payload) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeString(body, topic);
    body.writeBytes(payload);
    return packet(0x30, body.toByteArray());
  }

  static byte[] subscribePacket(int packetId, String filter, int qos) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(packetId >> 8);
    body.write(packetId & 0xff);
    writeString(body, filter);
    body.write(qos);
    return packet(0x82, body.toByteArray());
  }

  static byte[] pubAckPacket(int packetId) {
    return packet(0x40, new byte[] {(byte) (packetId >> 8), (byte) packetId});
  }

  static byte[] packet(int firstByte, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(firstByte);
    int len = body.length;
    do {
      int digit = len % 128;
      len /= 128;
      out.write(len > 0 ? digit | 128 : digit);
    } while (len > 0);
    out.writeBytes(body);
    return out.toByteArray();
  }

  static void writeString(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b.length >> 8);
    out.write(b.length & 0xff);
    out.writeBytes(b);
  }
}
