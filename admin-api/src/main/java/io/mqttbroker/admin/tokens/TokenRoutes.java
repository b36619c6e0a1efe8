package io.mqttbroker.admin.tokens;

import io.mqttbroker.admin.http.AdminRequest;
import io.mqttbroker.admin.http.AdminResponse;
import io.mqttbroker.admin.http.ApiException;
import io.mqttbroker.admin.http.Caller;
import io.mqttbroker.admin.http.Json;
import io.mqttbroker.admin.http.Route;
import io.mqttbroker.admin.http.RouteGroup;
import io.mqttbroker.auth.token.AppliedToken;
import io.mqttbroker.auth.token.TokenException;
import io.mqttbroker.auth.token.TokenService;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * ApplyToken, QueryToken and RevokeToken (ADMIN-API.md, Tokens). The calling access key is the issuer of the tokens
 * it applies for; it may revoke those, and the owner key may revoke any. Bodies and answers: the records below.
 */
public final class TokenRoutes implements RouteGroup {
  private final TokenService tokens;

  public TokenRoutes(TokenService tokens) {
    this.tokens = tokens;
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.authenticated("POST", "/api/v1/tokens", this::apply),
        Route.authenticated("POST", "/api/v1/tokens/query", this::query),
        Route.authenticated("POST", "/api/v1/tokens/revoke", this::revoke));
  }

  /** {@code POST /api/v1/tokens}: 201 {@code {"token","expireTime"}}. */
  private AdminResponse apply(AdminRequest request) {
    Caller caller = request.requireCaller();
    ApplyTokenBody body = Json.read(request, ApplyTokenBody.class);
    checkInstance(body.instanceId());
    List<String> resources = Json.required(body.resources(), "resources");
    String actions = Json.required(body.actions(), "actions");
    long expireTime = Json.required(body.expireTime(), "expireTime");
    AppliedToken applied = mapped(() -> tokens.apply(caller.accessKeyId(), resources, actions, expireTime));
    return AdminResponse.created(new ApplyTokenAnswer(applied.token(), applied.expireTime()));
  }

  /** {@code POST /api/v1/tokens/query}: 200 {@code {"tokenStatus": true|false}}. */
  private AdminResponse query(AdminRequest request) {
    request.requireCaller();
    TokenBody body = Json.read(request, TokenBody.class);
    checkInstance(body.instanceId());
    String token = Json.required(body.token(), "token");
    return AdminResponse.ok(new QueryTokenAnswer(tokens.query(token)));
  }

  /** {@code POST /api/v1/tokens/revoke}: 200 {@code {}}. */
  private AdminResponse revoke(AdminRequest request) {
    Caller caller = request.requireCaller();
    TokenBody body = Json.read(request, TokenBody.class);
    checkInstance(body.instanceId());
    String token = Json.required(body.token(), "token");
    mapped(() -> {
      tokens.revoke(caller.accessKeyId(), caller.owner(), token);
      return null;
    });
    return AdminResponse.ok(Map.of());
  }

  private void checkInstance(String instanceId) {
    if (instanceId != null && !instanceId.equals(tokens.instanceId())) {
      throw ApiException.notFound("InstanceNotFound", "no instance '" + instanceId + "' on this broker");
    }
  }

  /** Runs a service call, turning its refusals into the admin API's errors. */
  private static <T> T mapped(Supplier<T> call) {
    try {
      return call.get();
    } catch (TokenException e) {
      throw switch (e.kind()) {
        case INVALID_PARAMETER -> ApiException.badRequest(e.code(), e.getMessage());
        case NOT_FOUND -> ApiException.notFound(e.code(), e.getMessage());
        case FORBIDDEN -> ApiException.forbidden(e.getMessage());
      };
    }
  }

  /** ApplyToken body; {@code instanceId} is optional and, when given, must be this broker's. */
  public record ApplyTokenBody(List<String> resources, String actions, Long expireTime, String instanceId) {}

  /** QueryToken and RevokeToken body. */
  public record TokenBody(String token, String instanceId) {}

  /** ApplyToken answer: the token (shown once, never stored) and its effective expiry. */
  public record ApplyTokenAnswer(String token, long expireTime) {
    @Override
    public String toString() {
      return "ApplyTokenAnswer[token=<hidden>, expireTime=" + expireTime + "]";
    }
  }

  /** QueryToken answer. */
  public record QueryTokenAnswer(boolean tokenStatus) {}
}
