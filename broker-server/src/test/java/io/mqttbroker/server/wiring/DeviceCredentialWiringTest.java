package io.mqttbroker.server.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqttbroker.admin.http.AdminRequest;
import io.mqttbroker.admin.http.AdminResponse;
import io.mqttbroker.admin.http.ApiException;
import io.mqttbroker.admin.http.Caller;
import io.mqttbroker.admin.http.Json;
import io.mqttbroker.admin.http.Route;
import io.mqttbroker.core.security.revocation.InMemoryRevocationBus;
import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.core.security.spi.Signatures;
import io.mqttbroker.server.config.Settings;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.SecretCipher;
import io.mqttbroker.store.StoreSettings;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceCredentialWiringTest {
  @TempDir Path dir;
  private Database database;
  private ScheduledExecutorService scheduler;

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  @Test
  void theModeIsBuiltFromConfigurationAndARegisteredDeviceConnects() throws Exception {
    ModeBundle bundle = AuthModes.build(context(Map.of("auth.modes", "device-credential",
        "mqtt.max-connections", "1", "mqtt.instance-id", "inst-1"))).get(0);

    assertEquals("device-credential", bundle.name());
    AdminResponse created = post(bundle, "{\"clientId\":\"GID_a@@@d1\"}");
    assertEquals(201, created.status());
    JsonNode c = Json.MAPPER.valueToTree(created.body());
    assertEquals("inst-1", c.get("instanceId").asText());

    String username = "DeviceCredential|" + c.get("deviceAccessKeyId").asText() + "|inst-1";
    String password = Signatures.hmacSha1Base64(c.get("deviceAccessKeySecret").asText(), "GID_a@@@d1");
    AuthenticationResult result = bundle.authenticator().authenticate(new ConnectRequest("GID_a@@@d1",
        Optional.of(username), Optional.of(password.getBytes(StandardCharsets.UTF_8)), 4,
        new InetSocketAddress("127.0.0.1", 1), Optional.empty())).toCompletableFuture().join();
    assertInstanceOf(AuthenticationResult.Allow.class, result);

    // mqtt.max-connections is the quota.
    ApiException quota = assertThrows(ApiException.class,
        () -> post(bundle, "{\"clientId\":\"GID_a@@@d2\"}"));
    assertEquals("DeviceCredentialNumExceed", quota.code());
  }

  @Test
  void theGroupFormatSwitchReachesTheService() {
    ModeBundle bundle = AuthModes.build(context(Map.of("auth.modes", "device-credential",
        "auth.require-group-format", "true"))).get(0);
    ApiException e = assertThrows(ApiException.class,
        () -> post(bundle, "{\"clientId\":\"no-group\"}"));
    assertEquals("InvalidParameter.ClientId", e.code());
  }

  private ModeContext context(Map<String, String> overrides) {
    database = Database.open(StoreSettings.embedded(dir));
    scheduler = Executors.newSingleThreadScheduledExecutor();
    return new ModeContext(Settings.of(overrides), database, SecretCipher.fromKeyFile(dir.resolve("store.key")),
        new InMemoryRevocationBus(), id -> Optional.empty(), Clock.systemUTC(), scheduler, Runnable::run);
  }

  private static AdminResponse post(ModeBundle bundle, String body) {
    Route register = bundle.routes().stream().flatMap(g -> g.routes().stream())
        .filter(r -> r.method().equals("POST") && r.pathTemplate().equals("/api/v1/device-credentials"))
        .findFirst().orElseThrow();
    return register.handler().handle(new AdminRequest("POST", "/api/v1/device-credentials", Map.of(), Map.of(),
        body.getBytes(StandardCharsets.UTF_8), Optional.of(new Caller("AK1", true)), "req-1"));
   }
}
