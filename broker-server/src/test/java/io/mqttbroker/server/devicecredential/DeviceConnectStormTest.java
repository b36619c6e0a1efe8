package io.mqttbroker.server.devicecredential;

import static io.mqttbroker.server.devicecredential.Devices.register;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.server.devicecredential.Devices.Device;
import io.mqttbroker.server.testing.AdminClient;
import io.mqttbroker.server.testing.RunningBroker;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 2,000 devices, each with its own credential, connect at the same moment (half MQTT 3.1.1, half MQTT 5) and all are
 * accepted and online together; then all reconnect at once again, now from the key cache. Timings are logged, never
 * asserted.
 */
class DeviceConnectStormTest {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceConnectStormTest.class);
  private static final int DEVICES = 2_000;
  private static final Duration STORM_TIMEOUT = Duration.ofSeconds(45);

  @Test
  void twoThousandDevicesConnectConcurrentlyWithTheirOwnCredentials() throws Exception {
    // Room for the storm plus the observer; the quota is the same number.
    try (RunningBroker broker = RunningBroker.start(Map.of("mqtt.max-connections", String.valueOf(DEVICES + 10)));
        RawMqttClients clients = new RawMqttClients()) {
      long t0 = System.nanoTime();
      List<Device> devices = registerAll(broker.owner());
      LOG.info("registered {} device credentials in {} ms", DEVICES, millisSince(t0));

      long t1 = System.nanoTime();
      List<RawMqttClients.Connected> online = storm(broker, clients, devices);
      LOG.info("storm 1 (keys from the store): {} devices connected in {} ms", DEVICES, millisSince(t1));
      assertEquals(DEVICES, broker.app().broker().connectedClients(), "all devices online at the same time");

      // The storm's connections are real sessions: one of them publishes to a Paho subscriber.
      Device observer = register(broker.owner(), "GID_storm@@@observer");
      try (Paho.V5 sub = Paho.v5(broker.mqttUri(), observer.clientId())) {
        sub.connect(observer.v5());
        sub.subscribe("storm/#", 0);
        online.get(DEVICES - 1).publish("storm/last", "hello from " + devices.get(DEVICES - 1).clientId());
        assertEquals("hello from GID_storm@@@device-1999", sub.received.next().payload());
      }

      clients.closeAll();
      await().atMost(Duration.ofSeconds(30)).until(() -> broker.app().broker().connectedClients() == 0);

      long t2 = System.nanoTime();
      storm(broker, clients, devices);
      LOG.info("storm 2 (reconnect, keys cached): {} devices connected in {} ms", DEVICES, millisSince(t2));
      assertEquals(DEVICES, broker.app().broker().connectedClients());
      clients.closeAll();
      await().atMost(Duration.ofSeconds(30)).until(() -> broker.app().broker().connectedClients() == 0);
    }
  }

  /** Registers every device through the admin API, a few requests at a time. */
  private static List<Device> registerAll(AdminClient admin) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<CompletableFuture<Device>> registered = new ArrayList<>();
      for (int i = 0; i < DEVICES; i++) {
        String clientId = String.format("GID_storm@@@device-%04d", i);
        registered.add(CompletableFuture.supplyAsync(() -> register(admin, clientId), pool));
      }
      List<Device> devices = new ArrayList<>();
      for (CompletableFuture<Device> f : registered) {
        devices.add(f.get(60, TimeUnit.SECONDS));
      }
      return devices;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Sends every device's CONNECT at once and waits for all CONNACKs; each must accept. */
  private static List<RawMqttClients.Connected> storm(RunningBroker broker, RawMqttClients clients,
      List<Device> devices) throws Exception {
    List<CompletableFuture<RawMqttClients.Connected>> connacks = new ArrayList<>();
    for (int i = 0; i < devices.size(); i++) {
      Device d = devices.get(i);
      MqttVersion version = i % 2 == 0 ? MqttVersion.MQTT_3_1_1 : MqttVersion.MQTT_5;
      connacks.add(clients.connect(broker.mqttPort(), d.clientId(), d.username(), d.password(), version));
    }
    CompletableFuture.allOf(connacks.toArray(CompletableFuture[]::new))
        .get(STORM_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    List<RawMqttClients.Connected> online = new ArrayList<>();
    for (int i = 0; i < connacks.size(); i++) {
      RawMqttClients.Connected c = connacks.get(i).join();
      assertEquals(0, c.returnCode(), "CONNACK of " + devices.get(i).clientId());
      online.add(c);
    }
    return online;
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
