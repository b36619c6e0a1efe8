package io.mqttbroker.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mqttbroker.server.testing.RunningBroker;
import org.junit.jupiter.api.Test;

/** Inspecting and disconnecting clients is administration: only the owner key may do it. */
class ClientsOwnerOnlyTest {

  @Test
  void aNonOwnerKeyGetsForbidden() {
    try (RunningBroker broker = RunningBroker.start()) {
      var created = broker.owner().post("/api/v1/access-keys", "{\"description\":\"app\"}");
      assertEquals(201, created.status());
      var app = broker.as(created.text("accessKeyId"), created.text("accessKeySecret"));
      assertEquals(403, app.get("/api/v1/clients/anyone").status());
      assertEquals(403, app.delete("/api/v1/clients/anyone").status());
      assertEquals(404, broker.owner().get("/api/v1/clients/anyone").status());
    }
  }
}
