package io.mqttbroker.admin.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mqttbroker.admin.http.CallerVerifier;
import io.mqttbroker.admin.http.Json;
import io.mqttbroker.admin.http.RouteGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/** A real AdminServer on an ephemeral loopback port and an HTTP/1.1 client pointed at it. */
final class RunningServer implements AutoCloseable {
  final AdminServer server;
  final int port;
  final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  RunningServer(AdminServer server) {
    this.server = server;
    this.port = server.start("127.0.0.1", 0);
  }

  static RunningServer start(AdminServerSettings settings, RouteGroup... groups) {
    return start(settings, new KnownAccessKeys(), new SimpleMeterRegistry(), groups);
  }

  static RunningServer start(AdminServerSettings settings, CallerVerifier verifier, MeterRegistry meters,
      RouteGroup... groups) {
    return new RunningServer(new AdminServer(settings, List.of(groups), verifier, meters));
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10));
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> get(String pathAndQuery) {
    return send(request(pathAndQuery).GET());
  }

  HttpResponse<String> getAs(String pathAndQuery, String accessKeyId, String secret) {
    return send(request(pathAndQuery).GET().header("Authorization", basic(accessKeyId, secret)));
  }

  static String basic(String accessKeyId, String secret) {
    return "Basic " + Base64.getEncoder()
        .encodeToString((accessKeyId + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
