package io.mqttbroker.core.protocol;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.BrokerOptions;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.core.testing.TestBroker;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A subscriber that stops reading loses QoS 0 messages instead of filling the broker's memory. */
class SlowSubscriberTest {
  private static final int LIMIT = 64 * 1024;
  private final TestBroker broker = TestBroker.open(BrokerOptions.builder().maxOutboundBytes(LIMIT).build());
  private final AtomicLong dropped = broker.broker().context().messagesDropped();

  @AfterEach
  void stop() {
    broker.close();
  }

  @Test
  void qos0ToAClientThatDoesNotReadIsDroppedAndTheClientRecovers() throws Exception {
    try (RawClient slow = RawClient.connect(broker.port(), 4096);
        RawClient publisher = RawClient.connect(broker.port());
        Paho.V3 other = Paho.v3(broker.uri(), "other")) {
      slow.send(RawClient.connectPacket("slow", null, null, 60));
      slow.expectConnAck(0);
      slow.send(RawClient.subscribePacket(1, "flood/t", 0));
      assertEquals(0x90, slow.readPacket()[0], "SUBACK");
      other.connect().client.subscribe("after/t", 1);
      publisher.send(RawClient.connectPacket("publisher", null, null, 60));
      publisher.expectConnAck(0);

      // The slow client reads nothing from here: once the kernel's buffers and LIMIT bytes are full, QoS 0 drops.
      byte[] flood = RawClient.publishPacket("flood/t", new byte[16 * 1024]);
      int sent = 0;
      while (sent < 4000 && dropped.get() == 0) {
        publisher.send(flood);
        sent++;
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> dropped.get() > 0);

      // Nobody else is held up by it.
      publisher.send(RawClient.publishPacket("after/t", "others still served"));
      assertEquals("others still served", other.received.next(Duration.ofSeconds(10)).payload());

      // It reads again: what was buffered arrives, then new messages, on the same connection.
      slow.soTimeout(1000);
      int received = 0;
      try {
        while (slow.readPacket() != null) {
          received++;
        }
      } catch (SocketTimeoutException quiet) {
        // everything buffered has been read
      }
      assertTrue(received > 0 && received < sent, "some of the " + sent + " arrived, not all: " + received);
      publisher.send(RawClient.publishPacket("flood/t", "after the flood"));
      slow.soTimeout(10_000);
      int[] packet = slow.readPacket();
      assertEquals(0x30, packet[0]);
      assertEquals("after the flood", payloadOf(packet, "flood/t"));
    }
  }

  /** The payload of a QoS 0 PUBLISH read by {@link RawClient#readPacket()}. */
  private static String payloadOf(int[] packet, String topic) {
    int start = 1 + 2 + topic.getBytes(StandardCharsets.UTF_8).length;
    byte[] payload = new byte[packet.length - start];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) packet[start + i];
    }
    return new String(payload, StandardCharsets.UTF_8);
  }
}
