package io.mqttbroker.server.devicecredential;

import static io.mqttbroker.server.devicecredential.Devices.BASE;
import static io.mqttbroker.server.devicecredential.Devices.json;
import static io.mqttbroker.server.devicecredential.Devices.path;
import static io.mqttbroker.server.devicecredential.Devices.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.server.devicecredential.Devices.Device;
import io.mqttbroker.server.testing.AdminClient;
import io.mqttbroker.server.testing.RunningBroker;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The quota: the number of credentials is capped by the instance's maximum connections ({@code mqtt.max-connections});
 * it counts credentials, not online devices, and a refused register leaves nothing behind.
 */
class DeviceCredentialQuotaTest {
  private static final int QUOTA = 3;

  @Test
  void registeringBeyondTheQuotaIsRefusedAndCreatesNothingUntilAPlaceIsFreed() throws Exception {
    try (RunningBroker broker = RunningBroker.start(Map.of("mqtt.max-connections", String.valueOf(QUOTA)))) {
      AdminClient admin = broker.owner();
      List<Device> devices = new ArrayList<>();
      for (int i = 1; i <= QUOTA; i++) {
        devices.add(register(admin, "GID_quota@@@d" + i));
      }

      AdminClient.Answer over = admin.post(BASE, json(Map.of("clientId", "GID_quota@@@d4")));
      assertEquals(400, over.status(), over.raw());
      assertEquals("DeviceCredentialNumExceed", over.text("code"));
      assertEquals("deviceCredential num exceed", over.text("message"));
      assertFalse(over.text("requestId").isEmpty());
      // Nothing half-created: no credential, not in the list, not counted.
      assertEquals(404, admin.get(path("GID_quota@@@d4")).status());
      JsonNode list = admin.get(BASE).body();
      assertEquals(QUOTA, list.path("total").asInt());
      assertEquals(QUOTA, list.path("results").size());
      for (JsonNode id : list.path("results")) {
        assertFalse(id.asText().endsWith("d4"));
      }

      // The quota counts credentials, not online devices: no device is connected, yet it is full. Re-registering an
      // existing client id is not a new credential and still answers.
      assertEquals(0, broker.app().broker().connectedClients());
      assertEquals(200, admin.post(BASE, json(Map.of("clientId", "GID_quota@@@d1"))).status());
      // Refresh replaces a key and does not need a place.
      assertEquals(200, admin.post(path("GID_quota@@@d2") + "/refresh", null).status());

      // The quota and the connection limit are the same number: every registered device can be online at once.
      List<Paho.V3> online = new ArrayList<>();
      try {
        for (Device d : List.of(devices.get(0), devices.get(2))) {
          Paho.V3 c = Paho.v3(broker.mqttUri(), d.clientId());
          online.add(c);
          c.connect(d.v3());
        }
      } finally {
        online.forEach(Paho.V3::close);
      }

      // Unregistering frees a place.
      assertEquals(204, admin.delete(path("GID_quota@@@d3")).status());
      AdminClient.Answer fits = admin.post(BASE, json(Map.of("clientId", "GID_quota@@@d4")));
      assertEquals(201, fits.status(), fits.raw());
      assertEquals(QUOTA, admin.get(BASE).body().path("total").asInt());
      assertEquals(400, admin.post(BASE, json(Map.of("clientId", "GID_quota@@@d5"))).status());
    }
  }

  @Test
  void concurrentRegistrationsNeverExceedTheQuota() throws Exception {
    try (RunningBroker broker = RunningBroker.start(Map.of("mqtt.max-connections", String.valueOf(QUOTA)))) {
      AdminClient admin = broker.owner();
      int attempts = 16;
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<CompletableFuture<AdminClient.Answer>> answers = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
          String body = json(Map.of("clientId", "GID_race@@@d" + i));
          answers.add(CompletableFuture.supplyAsync(() -> admin.post(BASE, body), pool));
        }
        Set<String> created = new HashSet<>();
        int refused = 0;
        for (CompletableFuture<AdminClient.Answer> f : answers) {
          AdminClient.Answer a = f.get(30, TimeUnit.SECONDS);
          if (a.status() == 201) {
            created.add(a.text("clientId"));
          } else {
            assertEquals(400, a.status(), a.raw());
            assertEquals("DeviceCredentialNumExceed", a.text("code"));
            refused++;
          }
        }
        assertEquals(QUOTA, created.size());
        assertEquals(attempts - QUOTA, refused);
        JsonNode list = admin.get(BASE + "?size=100").body();
        assertEquals(QUOTA, list.path("total").asInt());
        Set<String> listed = new HashSet<>();
        list.path("results").forEach(id -> listed.add(id.asText()));
        assertEquals(created, listed);

        // The same client id registered many times at once: one credential, every answer the same.
        assertEquals(204, admin.delete(path(created.iterator().next())).status());
        List<CompletableFuture<AdminClient.Answer>> same = new ArrayList<>();
        String body = json(Map.of("clientId", "GID_race@@@same"));
        for (int i = 0; i < 8; i++) {
          same.add(CompletableFuture.supplyAsync(() -> admin.post(BASE, body), pool));
        }
        Set<String> keyIds = new HashSet<>();
        int createdOnce = 0;
        for (CompletableFuture<AdminClient.Answer> f : same) {
          AdminClient.Answer a = f.get(30, TimeUnit.SECONDS);
          assertTrue(a.status() == 201 || a.status() == 200, a.raw());
          createdOnce += a.status() == 201 ? 1 : 0;
          keyIds.add(a.text("deviceAccessKeyId"));
        }
        assertEquals(1, createdOnce);
        assertEquals(1, keyIds.size());
        assertEquals(QUOTA, admin.get(BASE).body().path("total").asInt());
      } finally {
        pool.shutdownNow();
      }
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }
}
