package io.mqttbroker.container;

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

/** The admin API of the container as an application server calls it: plain HTTP, JSON, HTTP Basic. */
final class AdminApi {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final String authorization;

  AdminApi(String host, int port, String accessKeyId, String secret) {
    this.base = "http://" + host + ":" + port;
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((accessKeyId + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  record Answer(int status, JsonNode body, String raw) {}

  /** {@code GET path} without credentials (health). */
  Answer getAnonymous(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  Answer post(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", authorization)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
  }

  private static Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(15)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      String raw = r.body() == null ? "" : r.body();
      return new Answer(r.statusCode(), raw.isEmpty() ? MAPPER.missingNode() : MAPPER.readTree(raw), raw);
    } catch (IOException e) {
      throw new IllegalStateException("admin call failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
