package io.mqttbroker.admin.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AdminServerRoutingTest {
  private static RunningServer server;

  @BeforeAll
  static void start() {
    server = RunningServer.start(AdminServerSettings.defaults(), new TestRoutes());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void assertError(HttpResponse<String> response, int status, String code) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
    JsonNode body = RunningServer.json(response);
    assertEquals(code, body.path("code").asText(), response.body());
    assertFalse(body.path("message").asText().isBlank());
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("code", "message", "requestId"), fields);
    assertEquals(response.headers().firstValue("X-Request-Id").orElseThrow(), body.path("requestId").asText());
  }

  @Test
  void givenEncodedPathAndQuery_whenRouted_thenHandlerSeesDecodedValues() {
    HttpResponse<String> response = server.get("/test/items/GID_a%40%40%40d%2F1%20x+y?tag=a%26b&tag=%E2%9C%93&q=one+two");

    assertEquals(200, response.statusCode(), response.body());
    JsonNode body = RunningServer.json(response);
    assertEquals("GID_a@@@d/1 x+y", body.path("id").asText(), "path segments decode %XX but keep '+'");
    assertEquals("a&b", body.path("query").path("tag").get(0).asText());
    assertEquals("\u2713", body.path("query").path("tag").get(1).asText());
    assertEquals("one two", body.path("query").path("q").get(0).asText(), "query values decode '+' as space");
    assertFalse(body.path("caller").asBoolean(), "open routes have no caller");
  }

  @Test
  void givenLiteralAndTemplateRoutes_whenLiteralPathRequested_thenLiteralWins() {
    assertTrue(RunningServer.json(server.get("/test/items/special")).path("special").asBoolean());
    assertEquals("other", RunningServer.json(server.get("/test/items/other")).path("id").asText());
  }

  @Test
  void givenUnknownPath_thenNotFound() {
    assertError(server.get("/test/nothing/here"), 404, "NotFound");
    assertError(server.get("/test/items/"), 404, "NotFound");
  }

  @Test
  void givenKnownPathWithOtherMethod_thenMethodNotAllowedWithAllow() {
    HttpResponse<String> response = server.send(server.request("/test/items/1").PUT(HttpRequest.BodyPublishers.noBody()));

    assertError(response, 405, "MethodNotAllowed");
    assertEquals("DELETE, GET", response.headers().firstValue("Allow").orElse(""));
  }

  @Test
  void givenMalformedPercentEncoding_thenBadRequest() {
    assertError(server.get("/test/items/%E2%28"), 400, "InvalidParameter");
    assertError(server.get("/test/items/%C3"), 400, "InvalidParameter");
  }

  @Test
  void givenAnyAnswer_thenRequestIdHeaderIsPresentAndFresh() {
    String first = server.get("/test/ping").headers().firstValue("X-Request-Id").orElseThrow();
    String second = server.get("/test/ping").headers().firstValue("X-Request-Id").orElseThrow();

    assertEquals(36, first.length());
    assertNotEquals(first, second);
  }

  @Test
  void givenNoContent_thenNoBodyAndNoContentType() {
    HttpResponse<String> response = server.send(server.request("/test/items/1").DELETE());

    assertEquals(204, response.statusCode());
    assertEquals("", response.body());
    assertTrue(response.headers().firstValue("Content-Type").isEmpty());
    assertTrue(response.headers().firstValue("X-Request-Id").isPresent());
  }

  @Test
  void givenValidBody_thenCreatedWithJson() {
    HttpResponse<String> response = server.send(server.request("/test/items")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"n1\",\"count\":3}")));

    assertEquals(201, response.statusCode(), response.body());
    assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
    assertEquals("n1", RunningServer.json(response).path("name").asText());
  }

  @Test
  void givenBadJsonOrUnknownFieldOrMissingField_thenBadRequest() {
    assertError(server.send(server.request("/test/items").POST(HttpRequest.BodyPublishers.ofString("{\"name\":"))),
        400, "InvalidJson");
    HttpResponse<String> unknown = server.send(server.request("/test/items")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"n\",\"colour\":\"red\"}")));
    assertError(unknown, 400, "InvalidParameter");
    assertTrue(RunningServer.json(unknown).path("message").asText().contains("colour"), unknown.body());
    assertError(server.send(server.request("/test/items").POST(HttpRequest.BodyPublishers.ofString("{}"))),
        400, "MissingParameter");
  }

  @Test
  void givenStoreUnavailable_thenServiceUnavailable() {
    assertError(server.get("/test/store-down"), 503, "ServiceUnavailable");
  }

  @Test
  void givenUnexpectedException_thenInternalErrorWithoutDetails() {
    HttpResponse<String> response = server.get("/test/boom");

    assertError(response, 500, "InternalError");
    assertFalse(response.body().contains("internal detail"), response.body());
  }

  @Test
  void givenBodyOverTheLimit_thenRequestTooLargeAndServerStaysUsable() {
    byte[] big = new byte[AdminServerSettings.DEFAULT_MAX_BODY_BYTES + 1];
    Arrays.fill(big, (byte) 'x');

    assertError(server.send(server.request("/test/items").POST(HttpRequest.BodyPublishers.ofByteArray(big))),
        413, "RequestTooLarge");
    assertEquals(200, server.get("/test/ping").statusCode());
  }

  @Test
  void givenBodyAtTheLimit_thenAccepted() {
    String prefix = "{\"name\":\"";
    String suffix = "\",\"count\":1}";
    String body = prefix + "x".repeat(AdminServerSettings.DEFAULT_MAX_BODY_BYTES - prefix.length() - suffix.length())
        + suffix;

    assertEquals(201, server.send(server.request("/test/items").POST(HttpRequest.BodyPublishers.ofString(body)))
        .statusCode());
  }
}
