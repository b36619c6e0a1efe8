package io.mqttbroker.admin.server;

import static io.mqttbroker.admin.server.KnownAccessKeys.OTHER_ID;
import static io.mqttbroker.admin.server.KnownAccessKeys.OTHER_SECRET;
import static io.mqttbroker.admin.server.KnownAccessKeys.OWNER_ID;
import static io.mqttbroker.admin.server.KnownAccessKeys.OWNER_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mqttbroker.store.StoreUnavailableException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AdminServerAuthenticationTest {
  private static final String REALM = "Basic realm=\"mqtt-broker\"";
  private final KnownAccessKeys keys = new KnownAccessKeys();
  private RunningServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private RunningServer start(AdminServerSettings settings) {
    server = RunningServer.start(settings, keys, new SimpleMeterRegistry(), new TestRoutes());
    return server;
  }

  private static void assertUnauthorized(HttpResponse<String> response) {
    assertEquals(401, response.statusCode(), response.body());
    assertEquals(REALM, response.headers().firstValue("WWW-Authenticate").orElse(""));
    assertEquals("Unauthorized", RunningServer.json(response).path("code").asText());
  }

  @Test
  void givenGoodCredentials_thenHandlerSeesTheCaller() {
    start(AdminServerSettings.defaults());

    assertEquals(OWNER_ID, RunningServer.json(server.getAs("/test/whoami", OWNER_ID, OWNER_SECRET))
        .path("accessKeyId").asText());
    var other = RunningServer.json(server.getAs("/test/whoami", OTHER_ID, OTHER_SECRET));
    assertEquals(OTHER_ID, other.path("accessKeyId").asText());
    assertFalse(other.path("owner").asBoolean());
  }

  @Test
  void givenMissingMalformedOrWrongCredentials_thenUnauthorizedWithChallenge() {
    start(AdminServerSettings.defaults());

    assertUnauthorized(server.get("/test/whoami"));
    assertUnauthorized(server.send(server.request("/test/whoami").header("Authorization", "Bearer abc")));
    assertUnauthorized(server.send(server.request("/test/whoami").header("Authorization", "Basic !!notbase64")));
    assertUnauthorized(server.send(server.request("/test/whoami").header("Authorization", "Basic "
        + Base64.getEncoder().encodeToString("no-colon".getBytes()))));
    assertUnauthorized(server.getAs("/test/whoami", OWNER_ID, "wrong"));
    assertUnauthorized(server.getAs("/test/whoami", "AK-unknown", OWNER_SECRET));
  }

  @Test
  void givenOpenRoute_thenNoCredentialsNeededAndVerifierNotCalled() {
    start(AdminServerSettings.defaults());

    assertEquals(200, server.get("/test/ping").statusCode());
    assertEquals(0, keys.calls.get());
  }

  @Test
  void givenRepeatedFailuresFromOneAddress_thenThrottledEvenWithGoodCredentials() {
    start(AdminServerSettings.defaults().withAuthDamping(3, Duration.ofMinutes(5)));
    for (int i = 0; i < 5; i++) {
      assertUnauthorized(server.get("/test/whoami")); // a missing header is a challenge, not a failure
    }
    for (int i = 0; i < 3; i++) {
      assertUnauthorized(server.getAs("/test/whoami", OWNER_ID, "guess-" + i));
    }
    int verifierCalls = keys.calls.get();

    HttpResponse<String> damped = server.getAs("/test/whoami", OWNER_ID, OWNER_SECRET);

    assertEquals(429, damped.statusCode());
    assertEquals("Throttling", RunningServer.json(damped).path("code").asText());
    assertEquals("300", damped.headers().firstValue("Retry-After").orElse(""));
    assertEquals(verifierCalls, keys.calls.get(), "a damped address does not reach the verifier");
    assertEquals(200, server.get("/test/ping").statusCode(), "open routes stay reachable");
  }

  @Test
  void givenVerifierStoreDown_thenServiceUnavailable() {
    server = RunningServer.start(AdminServerSettings.defaults(), (id, secret) -> {
      throw new StoreUnavailableException("down", new SQLException("refused"));
    }, new SimpleMeterRegistry(), new TestRoutes());

    HttpResponse<String> response = server.getAs("/test/whoami", OWNER_ID, OWNER_SECRET);

    assertEquals(503, response.statusCode());
    assertEquals("ServiceUnavailable", RunningServer.json(response).path("code").asText());
  }

  @Test
  void givenDebugLogging_thenOneAccessLineAndNoSecretHeaderOrBodyInAnyLog() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger admin = (Logger) LoggerFactory.getLogger("io.mqttbroker");
    Level previous = admin.getLevel();
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    root.addAppender(events);
    admin.setLevel(Level.DEBUG);
    try {
      start(AdminServerSettings.defaults());
      String header = RunningServer.basic(OWNER_ID, OWNER_SECRET);
      server.send(server.request("/test/whoami?size=5").header("Authorization", header)
          .POST(HttpRequest.BodyPublishers.ofString("{\"bodyMarker\":\"body-s3cret\"}")));
      server.getAs("/test/whoami", OWNER_ID, "wrong-s3cret-guess");
      server.get("/test/boom");
      server.close();
      server = null;

      StringBuilder all = new StringBuilder();
      for (ILoggingEvent event : events.list) {
        all.append(event.getFormattedMessage()).append('\n');
        if (event.getThrowableProxy() != null) {
          all.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
        }
      }
      String log = all.toString();
      assertTrue(log.contains("POST /test/whoami 200"), log);
      assertTrue(log.contains("caller=" + OWNER_ID), log);
      assertTrue(log.contains("GET /test/whoami 401"), log);
      assertTrue(log.contains("GET /test/boom 500"), log);
      assertFalse(log.contains("size=5"), "no query in the access log");
      for (String secret : new String[] {OWNER_SECRET, header.substring(6), "wrong-s3cret-guess", "body-s3cret"}) {
        assertFalse(log.contains(secret), "log leaks " + secret);
      }
    } finally {
      root.detachAppender(events);
      admin.setLevel(previous);
    }
  }
}
