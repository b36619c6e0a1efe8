package io.mqttbroker.server.devicecredential;

import static io.mqttbroker.server.devicecredential.Devices.BASE;
import static io.mqttbroker.server.devicecredential.Devices.json;
import static io.mqttbroker.server.devicecredential.Devices.path;
import static io.mqttbroker.server.devicecredential.Devices.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.server.devicecredential.Devices.Device;
import io.mqttbroker.server.testing.AdminClient;
import io.mqttbroker.server.testing.RunningBroker;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin routes of device credentials over real HTTP: error answers, instance checks, encoded client ids. */
class DeviceCredentialAdminApiTest {
  private static RunningBroker broker;
  private static AdminClient admin;

  @BeforeAll
  static void start() {
    broker = RunningBroker.start();
    admin = broker.owner();
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void anUnknownClientIdIs404OnGetRefreshAndUnregister() {
    for (AdminClient.Answer a : new AdminClient.Answer[] {
        admin.get(path("GID_api@@@nobody")),
        admin.post(path("GID_api@@@nobody") + "/refresh", null),
        admin.delete(path("GID_api@@@nobody"))}) {
      assertError(a, 404, "DeviceCredentialNotFound");
      assertTrue(a.text("message").contains("GID_api@@@nobody"));
    }
    // A refresh of an unknown id creates nothing.
    assertEquals(404, admin.get(path("GID_api@@@nobody")).status());
  }

  @Test
  void everyRouteNeedsAValidAccessKey() {
    // A broker of its own: the admin API damps an address after 10 failed logins, and this test makes 9.
    try (RunningBroker own = RunningBroker.start()) {
      AdminClient owner = own.owner();
      Device device = register(owner, "GID_api@@@auth");
      AdminClient anonymous = own.as(null, null);
      AdminClient wrongSecret = own.as(RunningBroker.OWNER_ID, "wrong-secret");
      AdminClient unknownKey = own.as("AKUNKNOWN", RunningBroker.OWNER_SECRET);
      String sneaky = json(Map.of("clientId", "GID_api@@@sneaky"));

      assertError(anonymous.post(BASE, sneaky), 401, "Unauthorized");
      assertError(anonymous.get(BASE), 401, "Unauthorized");
      assertError(anonymous.get(path(device.clientId())), 401, "Unauthorized");
      assertError(anonymous.post(path(device.clientId()) + "/refresh", null), 401, "Unauthorized");
      assertError(anonymous.delete(path(device.clientId())), 401, "Unauthorized");
      assertError(wrongSecret.post(BASE, sneaky), 401, "Unauthorized");
      assertError(wrongSecret.delete(path(device.clientId())), 401, "Unauthorized");
      assertError(unknownKey.post(BASE, sneaky), 401, "Unauthorized");
      assertError(unknownKey.post(path(device.clientId()) + "/refresh", null), 401, "Unauthorized");

      // Nothing changed.
      assertEquals(404, owner.get(path("GID_api@@@sneaky")).status());
      assertEquals(device, Device.from(owner.get(path(device.clientId())).body()));
    }
  }

  @Test
  void onlyTheOwnerKeyMayManageDeviceCredentials() {
    Device device = register(admin, "GID_api@@@owned");
    // Even a key allowed to publish and subscribe everywhere may not mint or read device credentials.
    AdminClient.Answer created = admin.post("/api/v1/access-keys", "{\"description\":\"app server\",\"policies\":"
        + "[{\"effect\":\"Allow\",\"actions\":[\"mq:PUB\",\"mq:SUB\"],\"resources\":[\"topic/#\"]}]}");
    assertEquals(201, created.status(), created.raw());
    AdminClient app = broker.as(created.text("accessKeyId"), created.text("accessKeySecret"));

    assertError(app.post(BASE, json(Map.of("clientId", "GID_api@@@minted"))), 403, "Forbidden");
    assertError(app.get(BASE), 403, "Forbidden");
    AdminClient.Answer read = app.get(path(device.clientId()));
    assertError(read, 403, "Forbidden");
    assertFalse(read.raw().contains(device.secret()));
    assertError(app.post(path(device.clientId()) + "/refresh", null), 403, "Forbidden");
    assertError(app.delete(path(device.clientId())), 403, "Forbidden");

    assertEquals(404, admin.get(path("GID_api@@@minted")).status());
    assertEquals(device, Device.from(admin.get(path(device.clientId())).body()));
  }

  @Test
  void badBodiesAreA400ThatSaysWhatIsWrong() {
    assertError(admin.post(BASE, "{\"clientId\":"), 400, "InvalidJson");
    assertError(admin.post(BASE, "not json"), 400, "InvalidJson");
    AdminClient.Answer unknown = admin.post(BASE, "{\"clientId\":\"GID_api@@@x\",\"colour\":\"red\"}");
    assertError(unknown, 400, "InvalidParameter");
    assertTrue(unknown.text("message").contains("colour"), unknown.raw());
    AdminClient.Answer missing = admin.post(BASE, "{}");
    assertError(missing, 400, "MissingParameter");
    assertTrue(missing.text("message").contains("clientId"), missing.raw());
    assertError(admin.post(BASE, null), 400, "MissingParameter");
    assertError(admin.post(BASE, "{\"clientId\":[\"a\"]}"), 400, "InvalidParameter");
    assertError(admin.post(BASE, "{\"clientId\":42}"), 400, "InvalidParameter");
    assertError(admin.post(BASE, "null"), 400, "MissingParameter");
    assertError(admin.post(path("GID_api@@@x") + "/refresh", "null"), 404, "DeviceCredentialNotFound");
    assertError(admin.post(path("GID_api@@@x") + "/refresh", "{\"unexpected\":1}"), 400, "InvalidParameter");
    assertEquals(404, admin.get(path("GID_api@@@x")).status());
  }

  @Test
  void clientIdsNoDeviceCouldUseAreRefused() {
    assertError(admin.post(BASE, json(Map.of("clientId", "x".repeat(129)))), 400, "InvalidParameter.ClientId");
    assertError(admin.post(BASE, json(Map.of("clientId", "GID_api@@@bell\u0007"))), 400, "InvalidParameter.ClientId");
    assertError(admin.post(BASE, json(Map.of("clientId", "  "))), 400, "MissingParameter");
    assertEquals(404, admin.get(path("x".repeat(129))).status());
    assertEquals(404, admin.get(path("GID_api@@@bell\u0007")).status());
  }

  @Test
  void aWrongInstanceIdIs404InstanceNotFoundAndChangesNothing() {
    Device device = register(admin, "GID_inst@@@d1");
    assertError(admin.post(BASE, json(Map.of("clientId", "GID_inst@@@d2", "instanceId", "mqtt-other"))), 404,
        "InstanceNotFound");
    assertEquals(404, admin.get(path("GID_inst@@@d2")).status());
    assertError(admin.get(path(device.clientId()) + "?instanceId=mqtt-other"), 404, "InstanceNotFound");
    assertError(admin.get(BASE + "?instanceId=mqtt-other"), 404, "InstanceNotFound");
    assertError(admin.post(path(device.clientId()) + "/refresh", "{\"instanceId\":\"mqtt-other\"}"), 404,
        "InstanceNotFound");
    assertError(admin.delete(path(device.clientId()) + "?instanceId=mqtt-other"), 404, "InstanceNotFound");
    assertEquals(device, Device.from(admin.get(path(device.clientId())).body()));

    // The right instance id is accepted wherever it may be named.
    String right = RunningBroker.INSTANCE;
    assertEquals(201, admin.post(BASE, json(Map.of("clientId", "GID_inst@@@d2", "instanceId", right))).status());
    assertEquals(200, admin.get(path(device.clientId()) + "?instanceId=" + right).status());
    assertEquals(200, admin.get(BASE + "?groupId=GID_inst&instanceId=" + right).status());
    assertEquals(200, admin.post(path(device.clientId()) + "/refresh", "{\"instanceId\":\"" + right + "\"}").status());
    assertEquals(204, admin.delete(path(device.clientId()) + "?instanceId=" + right).status());
  }

  @Test
  void clientIdsWithReservedCharactersWorkPercentEncodedAndRawAtSignsWorkAsTheyAre() throws Exception {
    String odd = "GID_api@@@room 1/lamp+2%";
    Device device = register(admin, odd);
    assertEquals(odd, device.clientId());
    assertEquals(device, Device.from(admin.get(path(odd)).body()));
    assertEquals(device, Device.from(admin.get(BASE + "/GID_api@@@room%201%2Flamp+2%25").body()));
    try (Paho.V3 c = Paho.v3(broker.mqttUri(), odd)) {
      c.connect(device.v3());
      assertTrue(c.client.isConnected());
    }
    Device plain = register(admin, "GID_api@@@plain");
    assertEquals(plain, Device.from(admin.get(BASE + "/GID_api@@@plain").body()));
    assertEquals(204, admin.delete(path(odd)).status());
  }

  @Test
  void theListNeverCarriesSecrets() {
    Device device = register(admin, "GID_secret@@@d1");
    AdminClient.Answer list = admin.get(BASE + "?groupId=GID_secret");
    assertEquals(200, list.status());
    assertFalse(list.raw().contains(device.secret()));
    assertFalse(list.raw().contains(device.keyId()));
    assertEquals("GID_secret@@@d1", list.body().path("results").get(0).asText());
  }

  private static void assertError(AdminClient.Answer a, int status, String code) {
    assertEquals(status, a.status(), a.raw());
    assertEquals(code, a.text("code"), a.raw());
    assertFalse(a.text("message").isEmpty(), a.raw());
    assertFalse(a.text("requestId").isEmpty(), a.raw());
  }
}
