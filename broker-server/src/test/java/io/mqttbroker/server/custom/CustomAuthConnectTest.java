package io.mqttbroker.server.custom;

import static io.mqttbroker.server.custom.Devices.v3Refusal;
import static io.mqttbroker.server.custom.Devices.v5Refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mqttbroker.core.testing.Paho;
import io.mqttbroker.server.testing.Passwords;
import io.mqttbroker.server.testing.RunningBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CONNECT in custom mode against the running broker (AUTH-SPEC.md section 5): SIGNED and ORIGIN passwords, the CLIENT
 * identity of (username, client id) before the USER identity of the username, and the blacklist before everything.
 * One broker for the class; every test uses its own usernames and client ids.
 */
class CustomAuthConnectTest {
  private static final int V3_BAD_CREDENTIALS = 4;
  private static final int V3_NOT_AUTHORIZED = 5;
  private static final int V5_BAD_CREDENTIALS = 0x86;
  private static final int V5_NOT_AUTHORIZED = 0x87;
  private static final int V5_BANNED = 0x8A;

  private static RunningBroker broker;
  private static CustomAuthApi api;

  @BeforeAll
  static void start() {
    broker = RunningBroker.start();
    api = new CustomAuthApi(broker.owner());
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void aSignedUserIdentityAdmitsEveryClientIdThatSignsItsOwnId() throws Exception {
    api.user("sensor", "s3cret", "SIGNED");

    try (Paho.V3 a = Devices.v3(broker, "GID_s@@@d1", "sensor", Passwords.signed("s3cret", "GID_s@@@d1"));
        Paho.V5 b = Devices.v5(broker, "GID_s@@@d2", "sensor", Passwords.signed("s3cret", "GID_s@@@d2"))) {
      assertTrue(a.client.isConnected());
      assertTrue(b.client.isConnected());
    }
    // A signature made for another client id, the secret itself, or a wrong secret: bad username or password.
    String othersSignature = Passwords.signed("s3cret", "GID_s@@@d1");
    assertEquals(V3_BAD_CREDENTIALS, v3Refusal(broker, "GID_s@@@d3", "sensor", othersSignature));
    assertEquals(V5_BAD_CREDENTIALS, v5Refusal(broker, "GID_s@@@d3", "sensor", othersSignature));
    assertEquals(V3_BAD_CREDENTIALS, v3Refusal(broker, "GID_s@@@d3", "sensor", "s3cret"));
    assertEquals(V5_BAD_CREDENTIALS, v5Refusal(broker, "GID_s@@@d3", "sensor",
        Passwords.signed("wrong", "GID_s@@@d3")));
  }

  @Test
  void anOriginIdentityTakesTheSecretItselfAndNotItsSignature() throws Exception {
    api.user("legacy", "plain-pw", "ORIGIN");

    try (Paho.V3 a = Devices.v3(broker, "legacy-1", "legacy", "plain-pw");
        Paho.V5 b = Devices.v5(broker, "legacy-2", "legacy", "plain-pw")) {
      assertTrue(a.client.isConnected());
      assertTrue(b.client.isConnected());
    }
    assertEquals(V3_BAD_CREDENTIALS, v3Refusal(broker, "legacy-3", "legacy", Passwords.signed("plain-pw", "legacy-3")));
    assertEquals(V5_BAD_CREDENTIALS, v5Refusal(broker, "legacy-3", "legacy", "plain-pw2"));
    assertEquals(V3_BAD_CREDENTIALS, v3Refusal(broker, "legacy-3", "legacy", null));
  }

  @Test
  void theClientIdentityOfAUsernameAndClientIdIsPreferredOverTheUserIdentity() throws Exception {
    api.user("shared", "user-pw", "ORIGIN");
    api.client("shared", "shared-special", "client-pw", "ORIGIN");

    // The special client must use its own secret: the USER secret no longer opens its door.
    assertEquals(V3_BAD_CREDENTIALS, v3Refusal(broker, "shared-special", "shared", "user-pw"));
    assertEquals(V5_BAD_CREDENTIALS, v5Refusal(broker, "shared-special", "shared", "user-pw"));
    try (Paho.V5 special = Devices.v5(broker, "shared-special", "shared", "client-pw")) {
      assertTrue(special.client.isConnected());
    }
    // Every other client id of the username still goes by the USER identity.
    try (Paho.V3 other = Devices.v3(broker, "shared-other", "shared", "user-pw")) {
      assertTrue(other.client.isConnected());
    }
    assertEquals(V3_BAD_CREDENTIALS, v3Refusal(broker, "shared-other", "shared", "client-pw"));
  }

  @Test
  void aClientIdentityAloneAdmitsOnlyItsOwnClientId() throws Exception {
    api.client("solo", "solo-1", "k", "SIGNED");

    try (Paho.V3 own = Devices.v3(broker, "solo-1", "solo", Passwords.signed("k", "solo-1"))) {
      assertTrue(own.client.isConnected());
    }
    // No identity matches (solo, solo-2): not this mode's client, and no other mode takes it.
    assertEquals(V3_NOT_AUTHORIZED, v3Refusal(broker, "solo-2", "solo", Passwords.signed("k", "solo-2")));
    assertEquals(V5_NOT_AUTHORIZED, v5Refusal(broker, "solo-2", "solo", Passwords.signed("k", "solo-2")));
  }

  @Test
  void anUnknownUsernameOrNoUsernameIsNotAuthorized() throws Exception {
    assertEquals(V3_NOT_AUTHORIZED, v3Refusal(broker, "stranger-1", "nobody-here", "pw"));
    assertEquals(V5_NOT_AUTHORIZED, v5Refusal(broker, "stranger-1", "nobody-here", "pw"));
    assertEquals(V3_NOT_AUTHORIZED, v3Refusal(broker, "stranger-2", null, null));
  }

  @Test
  void aBlacklistedClientIdIsRefusedAsBannedBeforeItsCredentialsAreLookedAt() throws Exception {
    api.user("fleet", "pw", "ORIGIN");
    api.blacklist("fleet-bad");

    assertEquals(V3_NOT_AUTHORIZED, v3Refusal(broker, "fleet-bad", "fleet", "pw"));
    assertEquals(V5_BANNED, v5Refusal(broker, "fleet-bad", "fleet", "pw"));
    // Banned whatever the username: the blacklist is judged first, before every mode.
    assertEquals(V5_BANNED, v5Refusal(broker, "fleet-bad", "nobody-here", "x"));
    String signature = "Signature|" + RunningBroker.OWNER_ID + "|" + RunningBroker.INSTANCE;
    String signed = Passwords.signed(RunningBroker.OWNER_SECRET, "fleet-bad");
    assertEquals(V5_BANNED, v5Refusal(broker, "fleet-bad", signature, signed));
    assertEquals(V3_NOT_AUTHORIZED, v3Refusal(broker, "fleet-bad", signature, signed));
    try (Paho.V3 good = Devices.v3(broker, "fleet-good", "fleet", "pw")) {
      assertTrue(good.client.isConnected());
    }

    api.unblacklist("fleet-bad");
    try (Paho.V5 back = Devices.v5(broker, "fleet-bad", "fleet", "pw")) {
      assertTrue(back.client.isConnected());
    }
  }

  @Test
  void usernamesOfTheBuiltInModesAreNotCustomIdentities() throws Exception {
    assertEquals(400, broker.owner().post(CustomAuthApi.IDENTITIES,
        CustomAuthApi.identityJson("Token|AK|mqtt-test", "USER", null, "pw", "ORIGIN")).status());
    // The token mode owns this username and refuses it; custom mode never sees it.
    assertEquals(V5_BAD_CREDENTIALS, v5Refusal(broker, "tok-1", "Token|AKUNKNOWN|" + RunningBroker.INSTANCE,
        "R|nothing"));
  }
}
