package io.mqttbroker.server.devicecredential;

import static io.mqttbroker.server.devicecredential.Devices.BASE;
import static io.mqttbroker.server.devicecredential.Devices.path;
import static io.mqttbroker.server.devicecredential.Devices.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.server.devicecredential.Devices.Device;
import io.mqttbroker.server.testing.AdminClient;
import io.mqttbroker.server.testing.Passwords;
import io.mqttbroker.server.testing.RunningBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Unique-certificate-per-device mode against the whole running broker with real Paho v3 and v5 clients: register,
 * connect, publish and subscribe; every kind of bad credential; unregister and refresh acting on live connections.
 */
class DeviceCredentialEndToEndTest {
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
  void aRegisteredDeviceConnectsWithV3AndV5AndExchangesMessagesWithoutItsSecretInTheLog() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    Device sensor;
    Device actuator;
    try {
      AdminClient.Answer created = admin.post(BASE, "{\"clientId\":\"GID_flow@@@sensor\"}");
      assertEquals(201, created.status(), created.raw());
      sensor = Device.from(created.body());
      assertEquals("GID_flow@@@sensor", sensor.clientId());
      assertEquals(RunningBroker.INSTANCE, created.text("instanceId"));
      assertTrue(sensor.keyId().matches("DC[A-Z0-9]{20}"), sensor.keyId());
      assertTrue(sensor.secret().length() >= 32, "a secret of at least 192 bits");
      assertTrue(sensor.createTime() > 0);
      assertEquals(sensor.createTime(), sensor.updateTime());

      // Registering again returns the existing credential unchanged, with 200.
      AdminClient.Answer again = admin.post(BASE, "{\"clientId\":\"GID_flow@@@sensor\"}");
      assertEquals(200, again.status(), again.raw());
      assertEquals(sensor, Device.from(again.body()));
      assertEquals(sensor, Device.from(admin.get(path(sensor.clientId())).body()));

      actuator = register(admin, "GID_flow@@@actuator");
      assertNotEquals(sensor.keyId(), actuator.keyId());
      assertNotEquals(sensor.secret(), actuator.secret());

      try (Paho.V3 v3 = Paho.v3(broker.mqttUri(), sensor.clientId());
          Paho.V5 v5 = Paho.v5(broker.mqttUri(), actuator.clientId())) {
        v3.connect(sensor.v3());
        v5.connect(actuator.v5());
        v3.client.subscribe("flow/cmd/#", 1);
        v5.subscribe("flow/telemetry/+", 1);

        v3.publish("flow/telemetry/sensor", "21.5", 1, false);
        var telemetry = v5.received.next();
        assertEquals("flow/telemetry/sensor", telemetry.topic());
        assertEquals("21.5", telemetry.payload());

        v5.publish("flow/cmd/sensor", "calibrate", 1, false);
        assertEquals("calibrate", v3.received.next().payload());
      }
    } finally {
      root.detachAppender(log);
    }
    List<String> secrets = List.of(sensor.secret(), sensor.password(), actuator.secret(), actuator.password());
    for (ILoggingEvent event : log.list) {
      for (String secret : secrets) {
        assertFalse(event.getFormattedMessage().contains(secret), "a secret in the log: " + event.getLoggerName());
      }
    }
    assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage().contains(sensor.keyId())),
        "the key id is logged (so the check above looked at the right log)");
  }

  @Test
  void badCredentialsAreRefusedWithBadUsernameOrPasswordAndAWrongInstanceWithNotAuthorized() throws Exception {
    Device device = register(admin, "GID_bad@@@device");
    String intruder = "GID_bad@@@intruder";
    String unknownKey = "DeviceCredential|DC00000000000000000000|" + RunningBroker.INSTANCE;

    // Wrong secret.
    String forged = Passwords.signed("not-the-secret", device.clientId());
    assertEquals(4, v3Refusal(device.clientId(), device.username(), forged));
    assertEquals(0x86, v5Refusal(device.clientId(), device.username(), forged));
    // The credential is bound to its client id: another id is refused even when signed with the right secret.
    String signedForIntruder = Passwords.signed(device.secret(), intruder);
    assertEquals(4, v3Refusal(intruder, device.username(), signedForIntruder));
    assertEquals(0x86, v5Refusal(intruder, device.username(), signedForIntruder));
    assertEquals(4, v3Refusal(intruder, device.username(), device.password()));
    // Unknown key id.
    assertEquals(4, v3Refusal(device.clientId(), unknownKey, device.password()));
    assertEquals(0x86, v5Refusal(device.clientId(), unknownKey, device.password()));
    // Wrong instance.
    assertEquals(5, v3Refusal(device.clientId(), device.username("mqtt-other"), device.password()));
    assertEquals(0x87, v5Refusal(device.clientId(), device.username("mqtt-other"), device.password()));
    // Malformed username and missing password.
    assertEquals(4, v3Refusal(device.clientId(), "DeviceCredential|" + device.keyId(), device.password()));
    assertEquals(4, v3Refusal(device.clientId(), device.username(), null));

    // None of the refusals is remembered against the device.
    try (Paho.V3 ok = Paho.v3(broker.mqttUri(), device.clientId())) {
      ok.connect(device.v3());
      assertTrue(ok.client.isConnected());
    }
  }

  @Test
  void unregisterClosesTheLiveConnectionAtOnceAndTheDeviceIsRefusedAfterwards() throws Exception {
    Device v3Device = register(admin, "GID_unreg@@@v3");
    Device v5Device = register(admin, "GID_unreg@@@v5");
    Device bystander = register(admin, "GID_unreg@@@bystander");
    try (Paho.V3 v3 = Paho.v3(broker.mqttUri(), v3Device.clientId());
        Paho.V5 v5 = Paho.v5(broker.mqttUri(), v5Device.clientId());
        Paho.V3 other = Paho.v3(broker.mqttUri(), bystander.clientId())) {
      v3.connect(v3Device.v3());
      v5.connect(v5Device.v5());
      other.connect(bystander.v3());

      assertEquals(204, admin.delete(path(v3Device.clientId())).status());
      v3.lost.get(10, TimeUnit.SECONDS);
      assertEquals(4, v3Refusal(v3Device.clientId(), v3Device.username(), v3Device.password()));

      assertEquals(204, admin.delete(path(v5Device.clientId())).status());
      assertEquals(0x87, v5.disconnected.get(10, TimeUnit.SECONDS).getReturnCode());
      assertEquals(0x86, v5Refusal(v5Device.clientId(), v5Device.username(), v5Device.password()));

      assertEquals(404, admin.get(path(v3Device.clientId())).status());
      assertEquals(404, admin.delete(path(v3Device.clientId())).status());

      // Other devices are untouched.
      assertTrue(other.client.isConnected());
      other.client.subscribe("unreg/echo", 1);
      other.publish("unreg/echo", "still here", 1, false);
      assertEquals("still here", other.received.next().payload());
    }

    // The client id may register again; it gets a new key, and only the new key works.
    Device again = register(admin, v3Device.clientId());
    assertNotEquals(v3Device.keyId(), again.keyId());
    try (Paho.V3 c = Paho.v3(broker.mqttUri(), again.clientId())) {
      c.connect(again.v3());
      assertTrue(c.client.isConnected());
    }
    assertEquals(4, v3Refusal(v3Device.clientId(), v3Device.username(), v3Device.password()));
  }

  @Test
  void refreshClosesTheOldConnectionAtOnceRefusesTheOldKeyAndTheNewKeyWorks() throws Exception {
    Device v5Before = register(admin, "GID_refresh@@@v5");
    Device v3Before = register(admin, "GID_refresh@@@v3");
    try (Paho.V5 v5 = Paho.v5(broker.mqttUri(), v5Before.clientId());
        Paho.V3 v3 = Paho.v3(broker.mqttUri(), v3Before.clientId())) {
      v5.connect(v5Before.v5());
      v3.connect(v3Before.v3());

      AdminClient.Answer refreshed = admin.post(path(v5Before.clientId()) + "/refresh", null);
      assertEquals(200, refreshed.status(), refreshed.raw());
      Device v5After = Device.from(refreshed.body());
      assertEquals(v5Before.clientId(), v5After.clientId());
      assertNotEquals(v5Before.keyId(), v5After.keyId());
      assertNotEquals(v5Before.secret(), v5After.secret());
      assertEquals(v5Before.createTime(), v5After.createTime());
      assertTrue(v5After.updateTime() >= v5Before.updateTime());
      assertEquals(v5After, Device.from(admin.get(path(v5Before.clientId())).body()));

      assertEquals(0x87, v5.disconnected.get(10, TimeUnit.SECONDS).getReturnCode());
      assertEquals(0x86, v5Refusal(v5Before.clientId(), v5Before.username(), v5Before.password()));
      assertEquals(4, v3Refusal(v5Before.clientId(), v5Before.username(), v5Before.password()));
      // Only the refreshed device was closed.
      assertTrue(v3.client.isConnected());

      Device v3After = Device.from(admin.post(path(v3Before.clientId()) + "/refresh", "{}").body());
      v3.lost.get(10, TimeUnit.SECONDS);
      assertEquals(4, v3Refusal(v3Before.clientId(), v3Before.username(), v3Before.password()));

      try (Paho.V5 again5 = Paho.v5(broker.mqttUri(), v5After.clientId());
          Paho.V3 again3 = Paho.v3(broker.mqttUri(), v3After.clientId())) {
        again5.connect(v5After.v5());
        again3.connect(v3After.v3());
        again3.client.subscribe("refresh/#", 1);
        again5.publish("refresh/ok", "new key", 1, false);
        assertEquals("new key", again3.received.next().payload());
      }
    }
  }

  @Test
  void aDeviceMayPublishAndSubscribeOnAnyTopicButNotOnSystemTopics() throws Exception {
    Device device = register(admin, "GID_topics@@@device");
    try (Paho.V5 c = Paho.v5(broker.mqttUri(), device.clientId())) {
      c.connect(device.v5());
      // No publish-versus-subscribe restriction in this mode: any ordinary topic, both ways.
      assertEquals(1, c.subscribe("#", 1).getReasonCodes()[0]);
      c.publish("any/topic/at/all", "x", 1, false);
      assertEquals("any/topic/at/all", c.received.next().topic());
      c.client.publish("$SYS/broker/fake", Paho.utf8("x"), 1, false);
      // The default on-deny is disconnect: the client is closed for the $SYS publish.
      assertEquals(0x87, c.disconnected.get(10, TimeUnit.SECONDS).getReturnCode());
    }
  }

  @Test
  void restartKeepsEveryCredentialItsSecretSealedAndTheQuotaCount() throws Exception {
    Path dataDir;
    List<Device> kept;
    try (RunningBroker small = RunningBroker.start(Map.of("mqtt.max-connections", "3"))) {
      dataDir = small.dataDir();
      AdminClient owner = small.owner();
      Device first = register(owner, "GID_restart@@@d1");
      Device second = register(owner, "GID_restart@@@d2");
      Device refreshed = Device.from(owner.post(path(second.clientId()) + "/refresh", null).body());
      Device third = register(owner, "GID_restart@@@d3");
      kept = List.of(first, refreshed, third);

      small.restart();
      AdminClient after = small.owner();
      for (Device d : kept) {
        assertEquals(d, Device.from(after.get(path(d.clientId())).body()));
      }
      try (Paho.V3 a = Paho.v3(small.mqttUri(), first.clientId());
          Paho.V5 b = Paho.v5(small.mqttUri(), refreshed.clientId());
          Paho.V3 c = Paho.v3(small.mqttUri(), third.clientId())) {
        a.connect(first.v3());
        b.connect(refreshed.v5());
        c.connect(third.v3());
      }
      assertEquals(4, v3Refusal(small, second.clientId(), second.username(), second.password()));
      assertEquals(3, after.get(BASE + "?groupId=GID_restart").body().path("total").asInt());
      // The quota count survived the restart too.
      AdminClient.Answer over = after.post(BASE, "{\"clientId\":\"GID_restart@@@d4\"}");
      assertEquals(400, over.status(), over.raw());
      assertEquals("DeviceCredentialNumExceed", over.text("code"));
    }

    // At rest the key ids are in the database file, the secrets are not (sealed with the store key).
    String content = new String(Files.readAllBytes(dataDir.resolve("credentials.mv.db")), StandardCharsets.ISO_8859_1);
    for (Device d : kept) {
      assertTrue(content.contains(d.keyId()), "the file holds the credential of " + d.clientId());
      assertFalse(content.contains(d.secret()), "a device secret in clear in the database file");
    }
    assertTrue(Files.exists(dataDir.resolve("store.key")));
  }

  @Test
  void aConfiguredStoreKeyReplacesTheKeyFileAndAnotherKeyCannotOpenTheStore() throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String configured = Base64.getEncoder().encodeToString(key);
    Path dataDir;
    Device device;
    try (RunningBroker keyed = RunningBroker.start(Map.of("mqtt.store.encryption-key", configured))) {
      dataDir = keyed.dataDir();
      device = register(keyed.owner(), "GID_key@@@d1");
      keyed.restart();
      try (Paho.V5 c = Paho.v5(keyed.mqttUri(), device.clientId())) {
        c.connect(device.v5());
      }
    }
    assertFalse(Files.exists(dataDir.resolve("store.key")), "no key file when the key is configured");

    key[0] ^= 1;
    String other = Base64.getEncoder().encodeToString(key);
    RuntimeException refused = assertThrows(RuntimeException.class, () -> RunningBroker.start(
        Map.of("mqtt.store.encryption-key", other, "mqtt.data-dir", dataDir.toString())).close());
    assertTrue(String.valueOf(refused.getMessage()).contains("store key"), refused.toString());
  }

  private static int v3Refusal(String clientId, String username, String password) throws Exception {
    return v3Refusal(broker, clientId, username, password);
  }

  private static int v3Refusal(RunningBroker on, String clientId, String username, String password)
      throws Exception {
    try (Paho.V3 c = Paho.v3(on.mqttUri(), clientId)) {
      MqttConnectOptions options = Paho.v3Options(username, password, true);
      return assertThrows(MqttException.class, () -> c.connect(options)).getReasonCode();
    }
  }

  private static int v5Refusal(String clientId, String username, String password) throws Exception {
    try (Paho.V5 c = Paho.v5(broker.mqttUri(), clientId)) {
      MqttConnectionOptions options = Paho.v5Options(username, password, true);
      return assertThrows(org.eclipse.paho.mqttv5.common.MqttException.class, () -> c.connect(options))
          .getReasonCode();
    }
  }
}
