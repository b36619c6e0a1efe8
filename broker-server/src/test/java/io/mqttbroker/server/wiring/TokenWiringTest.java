package io.mqttbroker.server.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mqttbroker.admin.http.AdminRequest;
import io.mqttbroker.admin.http.AdminResponse;
import io.mqttbroker.admin.http.ApiException;
import io.mqttbroker.admin.http.Caller;
import io.mqttbroker.admin.http.Json;
import io.mqttbroker.admin.http.Route;
import io.mqttbroker.auth.signature.AccessKey;
import io.mqttbroker.core.security.revocation.InMemoryRevocationBus;
import io.mqttbroker.core.security.spi.AuthenticationResult;
import io.mqttbroker.core.security.spi.ConnectRequest;
import io.mqttbroker.server.config.Settings;
import io.mqttbroker.store.Database;
import io.mqttbroker.store.SecretCipher;
import io.mqttbroker.store.StoreSettings;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenWiringTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

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
  void theModeIsBuiltFromConfigurationAndATokenClientConnects() {
    ModeBundle bundle = AuthModes.build(context(Map.of("auth.modes", "token", "mqtt.instance-id", "inst-1",
        "token.max-lifetime", "1d", "token.min-lifetime", "10m"))).get(0);

    assertEquals("token", bundle.name());
    assertEquals(1, bundle.authorizers().size());
    assertEquals(1, bundle.sessionListeners().size());
    assertTrue(bundle.systemTopicHandlers().get(0).handles("$SYS/uploadToken"));

    long tooSoon = CLOCK.millis() + Duration.ofMinutes(5).toMillis();
    ApiException early = assertThrows(ApiException.class, () -> post(bundle, "/api/v1/tokens",
        "{\"resources\":[\"a/#\"],\"actions\":\"W\",\"expireTime\":" + tooSoon + "}"));
    assertEquals("InvalidParameter.ExpireTime", early.code(), "token.min-lifetime reaches the service");

    AdminResponse applied = post(bundle, "/api/v1/tokens",
        "{\"resources\":[\"a/#\"],\"actions\":\"W\",\"expireTime\":" + (CLOCK.millis() + 7 * 86_400_000L) + "}");
    JsonNode body = Json.MAPPER.valueToTree(applied.body());
    assertEquals(CLOCK.millis() + 86_400_000L, body.get("expireTime").asLong(), "token.max-lifetime caps it");

    AuthenticationResult result = bundle.authenticator().authenticate(new ConnectRequest("c1",
        Optional.of("Token|AK1|inst-1"), Optional.of(("W|" + body.get("token").asText())
            .getBytes(StandardCharsets.UTF_8)), 4, new InetSocketAddress("127.0.0.1", 1), Optional.empty()))
        .toCompletableFuture().join();
    assertInstanceOf(AuthenticationResult.Allow.class, result);
  }

  private ModeContext context(Map<String, String> overrides) {
    database = Database.open(StoreSettings.embedded(dir));
    scheduler = Executors.newSingleThreadScheduledExecutor();
    return new ModeContext(Settings.of(overrides), database, SecretCipher.fromKeyFile(dir.resolve("store.key")),
        new InMemoryRevocationBus(),
        id -> id.equals("AK1") ? Optional.of(new AccessKey("AK1", "s", "", false, List.of(), 0)) : Optional.empty(),
        CLOCK, scheduler, Runnable::run);
  }

  private static AdminResponse post(ModeBundle bundle, String path, String body) {
    Route route = bundle.routes().stream().flatMap(g -> g.routes().stream())
        .filter(r -> r.method().equals("POST") && r.pathTemplate().equals(path))
        .findFirst().orElseThrow();
    return route.handler().handle(new AdminRequest("POST", path, Map.of(), Map.of(),
        body.getBytes(StandardCharsets.UTF_8), Optional.of(new Caller("AK1", false)), "req-1"));
  }
}
