package io.mqttbroker.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A small real HTTP client for the admin API (java.net.http), signed with HTTP Basic. */
public final class AdminClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final String authorization;

  AdminClient(String base, String accessKeyId, String secret) {
    this.base = base;
    this.authorization = accessKeyId == null ? null : "Basic " + Base64.getEncoder()
        .encodeToString((accessKeyId + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** An answer: status and parsed JSON body (a missing node when there was no body). */
  public record Answer(int status, JsonNode body, String raw) {
    public String text(String field) {
      return body.path(field).asText();
    }
  }

  public Answer get(String path) {
    return send("GET", path, null);
  }

  public Answer delete(String path) {
    return send("DELETE", path, null);
  }

  public Answer post(String path, String json) {
    return send("POST", path, json);
  }

  public Answer put(String path, String json) {
    return send("PUT", path, json);
  }

  public Answer send(String method, String path, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      JsonNode body = r.body() == null || r.body().isEmpty() ? MAPPER.missingNode() : parse(r.body());
      return new Answer(r.statusCode(), body, r.body());
    } catch (IOException e) {
      throw new IllegalStateException("admin call failed: " + method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      return MAPPER.getNodeFactory().textNode(body);
    }
  }
}
