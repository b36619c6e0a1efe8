package io.mqttbroker.admin.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keep-alive, ordering, closing and concurrency, seen from the wire. */
class AdminServerConnectionTest {
  private final TestRoutes routes = new TestRoutes();
  private RunningServer server;

  @AfterEach
  void stop() {
    routes.releaseBlock.countDown();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void givenPipelinedRequests_thenAnsweredInOrderOnOneConnection() throws Exception {
    server = RunningServer.start(AdminServerSettings.defaults(), routes);
    try (RawHttp raw = new RawHttp(server.port)) {
      raw.write("GET /test/block HTTP/1.1\r\nHost: x\r\n\r\nGET /test/ping HTTP/1.1\r\nHost: x\r\n\r\n");
      assertTrue(routes.blockEntered.await(5, TimeUnit.SECONDS));
      routes.releaseBlock.countDown();

      RawHttp.Response first = raw.read();
      RawHttp.Response second = raw.read();

      assertEquals("{\"released\":true}", first.body());
      assertEquals("{\"pong\":true}", second.body());
    }
  }

  @Test
  void givenOversizedBodyOnKeepAliveConnection_thenNextRequestOnItIsServed() throws Exception {
    server = RunningServer.start(AdminServerSettings.defaults().withMaxBodyBytes(100), routes);
    try (RawHttp raw = new RawHttp(server.port)) {
      raw.write("POST /test/items HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n" + "x".repeat(500)
          + "GET /test/ping HTTP/1.1\r\nHost: x\r\n\r\n");

      RawHttp.Response tooLarge = raw.read();
      RawHttp.Response ping = raw.read();

      assertEquals(413, tooLarge.status());
      assertTrue(tooLarge.body().contains("\"RequestTooLarge\""), tooLarge.body());
      assertEquals(200, ping.status());
    }
  }

  @Test
  void givenExpectContinueWithTooLargeBody_thenRefusedBeforeTheBodyAndConnectionReusable() throws Exception {
    // Over a raw socket: the JDK 17 HttpClient waits forever when an Expect: 100-continue gets a final answer.
    server = RunningServer.start(AdminServerSettings.defaults().withMaxBodyBytes(100), routes);
    try (RawHttp raw = new RawHttp(server.port)) {
      raw.write("POST /test/items HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n");

      RawHttp.Response refused = raw.read();
      raw.write("GET /test/ping HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response ping = raw.read();

      assertEquals(413, refused.status());
      assertTrue(refused.body().contains("\"RequestTooLarge\""), refused.body());
      assertTrue(refused.headers().containsKey("x-request-id"));
      assertEquals(200, ping.status());
    }
  }

  @Test
  void givenConnectionClose_thenServerClosesAfterTheAnswer() throws Exception {
    server = RunningServer.start(AdminServerSettings.defaults(), routes);
    try (RawHttp raw = new RawHttp(server.port)) {
      raw.write("GET /test/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

      RawHttp.Response response = raw.read();

      assertEquals(200, response.status());
      assertEquals("close", response.headers().get("connection"));
      assertTrue(raw.closedByServer());
    }
  }

  @Test
  void givenMalformedRequestLine_thenBadRequestAndClose() throws Exception {
    server = RunningServer.start(AdminServerSettings.defaults(), routes);
    try (RawHttp raw = new RawHttp(server.port)) {
      raw.write("GET /test/ping HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");

      RawHttp.Response response = raw.read();

      assertEquals(400, response.status());
      assertTrue(response.body().contains("\"BadRequest\""), response.body());
      assertTrue(raw.closedByServer());
    }
  }

  @Test
  void givenBlockingHandler_thenOtherRequestsAreStillServed() throws Exception {
    server = RunningServer.start(AdminServerSettings.defaults(), routes);
    CompletableFuture<HttpResponse<String>> blocked = server.http.sendAsync(server.request("/test/block").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertTrue(routes.blockEntered.await(5, TimeUnit.SECONDS));

    for (int i = 0; i < 5; i++) {
      assertEquals(200, server.get("/test/ping").statusCode());
    }
    routes.releaseBlock.countDown();

    assertEquals(200, blocked.get(5, TimeUnit.SECONDS).statusCode());
  }

  @Test
  void givenHandlerPoolThatRefusesWork_thenThrottling() {
    ExecutorService refusing = Executors.newSingleThreadExecutor();
    refusing.shutdown();
    server = new RunningServer(new AdminServer(AdminServerSettings.defaults(), List.of(routes),
        new KnownAccessKeys(), new SimpleMeterRegistry(), refusing));

    HttpResponse<String> response = server.get("/test/ping");

    assertEquals(429, response.statusCode());
    assertEquals("Throttling", RunningServer.json(response).path("code").asText());
    assertEquals("1", response.headers().firstValue("Retry-After").orElse(""));
  }

  @Test
  void givenStoppedServer_thenItCannotBeRestartedAndStopIsIdempotent() {
    server = RunningServer.start(AdminServerSettings.defaults(), routes);
    server.server.stop();
    server.server.stop();

    assertThrows(IllegalStateException.class, () -> server.server.start("127.0.0.1", 0));
  }
}
