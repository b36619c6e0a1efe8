package io.mqttbroker.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the credentials of the four authentication modes through the broker's admin API (docs/admin-api.md), with
 * the owner key: the scenarios then connect the way devices do. Every call is bounded in time; a 429 is retried a
 * bounded number of times.
 */
final class AdminSetup {
  /** The topics every benchmark client uses; each mode's rights cover exactly these. */
  static final String TOPIC_ROOT = "bench";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
  private static final int RETRIES = 20;

  private final Target target;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String authorization;
  private final SecureRandom random = new SecureRandom();
  private String keyId;
  private String keySecret;

  AdminSetup(Target target) {
    this.target = target;
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(
        (target.ownerId() + ":" + target.ownerSecret()).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Custom mode, the rights every throughput scenario is checked against at each PUBLISH and SUBSCRIBE: a USER
   * identity with a SIGNED secret (any client id), ALLOW {@code bench/#} PUB_SUB, DENY {@code bench/secret/#}
   * PUB_SUB (so that every decision walks an ALLOW and a DENY branch), and DENY PUB of {@code $SYS/#}.
   */
  Credentials.Source custom(String username) throws IOException, InterruptedException {
    String secret = secret();
    ObjectNode identity = JSON.createObjectNode().put("username", username).put("identityType", "USER")
        .put("secret", secret).put("signMode", "SIGNED");
    call("POST", "/api/v1/custom-auth/identities", identity, 201);
    permission(username, TOPIC_ROOT + "/#", "PUB_SUB", "ALLOW");
    permission(username, TOPIC_ROOT + "/secret/#", "PUB_SUB", "DENY");
    permission(username, "$SYS/#", "PUB", "DENY");
    return Credentials.signed("custom", username, secret);
  }

  private void permission(String username, String topic, String action, String effect)
      throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode().put("identityType", "USER").put("identity", username)
        .put("topic", topic).put("permitAction", action).put("effect", effect);
    call("POST", "/api/v1/custom-auth/permissions", body, 201);
  }

  /** Signature mode: a non-owner access key whose only policy allows PUB and SUB on {@code bench/#}. */
  Credentials.Source signature() throws IOException, InterruptedException {
    ensureAccessKey();
    return Credentials.signed("signature", "Signature|" + keyId + "|" + target.instanceId(), keySecret);
  }

  /** Token mode: one RW token on {@code bench/#}, applied for by that access key, valid for two hours. */
  Credentials.Source token() throws IOException, InterruptedException {
    ensureAccessKey();
    ObjectNode body = JSON.createObjectNode().put("actions", "R,W")
        .put("expireTime", System.currentTimeMillis() + TimeUnit.HOURS.toMillis(2));
    body.putArray("resources").add(TOPIC_ROOT + "/#");
    JsonNode answer = call("POST", "/api/v1/tokens", body, 201, keyId, keySecret);
    return Credentials.fixed("token", "Token|" + keyId + "|" + target.instanceId(), "RW|" + answer.get("token").asText());
  }

  /** Device credential mode: one credential per client id, registered {@code parallel} calls at a time. */
  Credentials.Source deviceCredentials(List<String> clientIds, int parallel) throws InterruptedException {
    Map<String, String[]> byClient = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (String clientId : clientIds) {
        calls.add(pool.submit(() -> {
          JsonNode c = call("POST", "/api/v1/device-credentials", JSON.createObjectNode().put("clientId", clientId),
              201);
          byClient.put(clientId, new String[] {"DeviceCredential|" + c.get("deviceAccessKeyId").asText() + "|"
              + target.instanceId(), c.get("deviceAccessKeySecret").asText()});
          return null;
        }));
      }
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      for (Future<?> call : calls) {
        try {
          call.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
          throw new IllegalStateException("registering device credentials failed: " + e, e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return Credentials.perClient("device-credential", byClient);
  }

  private void ensureAccessKey() throws IOException, InterruptedException {
    if (keyId != null) {
      return;
    }
    ObjectNode body = JSON.createObjectNode().put("description", "benchmark clients");
    ObjectNode statement = body.putArray("policies").addObject().put("effect", "Allow");
    statement.putArray("actions").add("mq:PUB").add("mq:SUB");
    statement.putArray("resources").add("topic/" + TOPIC_ROOT + "/#");
    JsonNode answer = call("POST", "/api/v1/access-keys", body, 201);
    keyId = answer.get("accessKeyId").asText();
    keySecret = answer.get("accessKeySecret").asText();
  }

  private String secret() {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private JsonNode call(String method, String path, JsonNode body, int expected)
      throws IOException, InterruptedException {
    return call(method, path, body, expected, null, null);
  }

  private JsonNode call(String method, String path, JsonNode body, int expected, String asId, String asSecret)
      throws IOException, InterruptedException {
    String auth = asId == null ? authorization : "Basic " + Base64.getEncoder().encodeToString(
        (asId + ":" + asSecret).getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create(target.admin().orElseThrow() + path))
        .timeout(CALL_TIMEOUT)
        .header("Authorization", auth)
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
    for (int attempt = 0; ; attempt++) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 429 && attempt < RETRIES) {
        Thread.sleep(50L * (attempt + 1));
        continue;
      }
      // 200 for a device credential that already existed (a rerun on the same data directory).
      if (response.statusCode() != expected && response.statusCode() != 200) {
        throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }
  }
}
