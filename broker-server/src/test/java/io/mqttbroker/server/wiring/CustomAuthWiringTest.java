package io.mqttbroker.server.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mqttbroker.admin.http.AdminRequest;
import io.mqttbroker.admin.http.AdminResponse;
import io.mqttbroker.admin.http.ApiException;
import io.mqttbroker.admin.http.Caller;
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

class CustomAuthWiringTest {
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
  void theModeIsBuiltFromConfigurationAndAnIdentityAddedOverTheApiConnects() {
    ModeBundle bundle = AuthModes.build(context(Map.of("auth.modes", "custom", "mqtt.max-connections", "2",
        "mqtt.instance-id", "inst-1"))).get(0);

    assertEquals("custom", bundle.name());
    assertEquals("custom", bundle.authorizers().get(0).name());
    assertEquals(201, post(bundle, "/api/v1/custom-auth/identities", "{\"username\":\"dev\",\"identityType\":"
        + "\"USER\",\"secret\":\"k\",\"signMode\":\"SIGNED\",\"instanceId\":\"inst-1\"}").status());

    String password = Signatures.hmacSha1Base64("k", "GID_a@@@d1");
    AuthenticationResult result = bundle.authenticator().authenticate(new ConnectRequest("GID_a@@@d1",
        Optional.of("dev"), Optional.of(password.getBytes(StandardCharsets.UTF_8)), 4,
        new InetSocketAddress("127.0.0.1", 1), Optional.empty())).toCompletableFuture().join();
    assertInstanceOf(AuthenticationResult.Allow.class, result);

    // mqtt.max-connections caps identities + permissions + blacklist entries; the instance id is the configured one.
    post(bundle, "/api/v1/custom-auth/connect-blacklist", "{\"clientId\":\"GID_a@@@bad\"}");
    ApiException quota = assertThrows(ApiException.class,
        () -> post(bundle, "/api/v1/custom-auth/connect-blacklist", "{\"clientId\":\"GID_a@@@worse\"}"));
    assertEquals("Customauth.over.capacity", quota.code());
    ApiException instance = assertThrows(ApiException.class,
        () -> post(bundle, "/api/v1/custom-auth/connect-blacklist", "{\"clientId\":\"x\",\"instanceId\":\"other\"}"));
    assertEquals("InstanceNotFound", instance.code());
  }

  private ModeContext context(Map<String, String> overrides) {
    database = Database.open(StoreSettings.embedded(dir));
    scheduler = Executors.newSingleThreadScheduledExecutor();
    return new ModeContext(Settings.of(overrides), database, SecretCipher.fromKeyFile(dir.resolve("store.key")),
        new InMemoryRevocationBus(), id -> Optional.empty(), Clock.systemUTC(), scheduler, Runnable::run);
  }

  private static AdminResponse post(ModeBundle bundle, String path, String body) {
    Route route = bundle.routes().stream().flatMap(g -> g.routes().stream())
        .filter(r -> r.method().equals("POST") && r.pathTemplate().equals(path))
        .findFirst().orElseThrow();
    return route.handler().handle(new AdminRequest("POST", path, Map.of(), Map.of(),
        body.getBytes(StandardCharsets.UTF_8), Optional.of(new Caller("AK1", true)), "req-1"));
  }
}
