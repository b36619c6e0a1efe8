package io.mqttbroker.admin.accesskeys;

import io.mqttbroker.admin.http.AdminRequest;
import io.mqttbroker.admin.http.AdminResponse;
import io.mqttbroker.admin.http.ApiException;
import io.mqttbroker.admin.http.Caller;
import io.mqttbroker.admin.http.CallerVerifier;
import io.mqttbroker.admin.http.Json;
import io.mqttbroker.admin.http.Page;
import io.mqttbroker.admin.http.PageRequest;
import io.mqttbroker.admin.http.Route;
import io.mqttbroker.admin.http.RouteGroup;
import io.mqttbroker.auth.signature.AccessKey;
import io.mqttbroker.auth.signature.AccessKeyException;
import io.mqttbroker.auth.signature.AccessKeyPage;
import io.mqttbroker.auth.signature.AccessKeyService;
import io.mqttbroker.auth.signature.AccessKeySummary;
import io.mqttbroker.auth.signature.PolicyStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The access-key operations of ADMIN-API.md: create, list, get, set policies, delete. Only the owner key may call
 * them (403 otherwise). The secret appears in the answer of create only. Access keys exist whatever authentication
 * modes are enabled, so this group is always served.
 */
public final class AccessKeyRoutes implements RouteGroup {
  static final String BASE = "/api/v1/access-keys";
  static final String ONE = BASE + "/{id}";

  private final AccessKeyService keys;
  private final String instanceId;

  /**
   * @param keys the access keys
   * @param instanceId this broker's instance id: a request that names another one is a 404 {@code InstanceNotFound}
   */
  public AccessKeyRoutes(AccessKeyService keys, String instanceId) {
    this.keys = keys;
    this.instanceId = instanceId;
  }

  /** The admin API's HTTP Basic check: the caller is the access key whose secret was presented. */
  public static CallerVerifier callerVerifier(AccessKeyService keys) {
    return (id, secret) -> keys.verify(id, secret).map(key -> new Caller(key.accessKeyId(), key.owner()));
  }

  /** A policy statement as JSON; fields may be missing here, the service names what is wrong. */
  public record StatementJson(String effect, List<String> actions, List<String> resources) {}

  /** Body of create. */
  public record CreateBody(String description, List<StatementJson> policies, String instanceId) {}

  /** Answer of create: the only answer that carries the secret. */
  public record CreatedAccessKey(
      String accessKeyId, String accessKeySecret, long createTime, List<StatementJson> policies) {}

  /** An access key in list and get answers: never the secret. */
  public record AccessKeyJson(
      String accessKeyId, String description, boolean owner, long createTime, List<StatementJson> policies) {}

  @Override
  public List<Route> routes() {
    return List.of(
        Route.authenticated("POST", BASE, this::create),
        Route.authenticated("GET", BASE, this::list),
        Route.authenticated("GET", ONE, this::get),
        Route.authenticated("PUT", ONE + "/policies", this::setPolicies),
        Route.authenticated("DELETE", ONE, this::delete));
  }

  private AdminResponse create(AdminRequest request) {
    request.requireOwner("manage access keys");
    CreateBody body = Optional.ofNullable(Json.read(request, CreateBody.class))
        .orElse(new CreateBody(null, null, null));
    checkInstance(Optional.ofNullable(body.instanceId()));
    String description = body.description() == null ? "" : body.description();
    List<PolicyStatement> policies = body.policies() == null ? List.of() : statements(body.policies());
    AccessKey key = call(() -> keys.create(description, policies));
    return AdminResponse.created(
        new CreatedAccessKey(key.accessKeyId(), key.accessKeySecret(), key.createTime(), json(key.policies())));
  }

  private AdminResponse list(AdminRequest request) {
    request.requireOwner("manage access keys");
    checkInstance(request.queryParam("instanceId"));
    PageRequest page = PageRequest.from(request);
    AccessKeyPage result = call(() -> keys.list(page.size(), page.nextToken()));
    return AdminResponse.ok(new Page<>(result.results().stream().map(AccessKeyRoutes::json).toList(),
        result.nextToken().orElse(null), result.total()));
  }

  private AdminResponse get(AdminRequest request) {
    request.requireOwner("manage access keys");
    checkInstance(request.queryParam("instanceId"));
    String id = request.pathParam("id");
    return AdminResponse.ok(json(AccessKeySummary.of(call(() -> keys.get(id)))));
  }

  private AdminResponse setPolicies(AdminRequest request) {
    request.requireOwner("manage access keys");
    checkInstance(request.queryParam("instanceId"));
    String id = request.pathParam("id");
    StatementJson[] body = request.body().length == 0 ? null : Json.read(request, StatementJson[].class);
    if (body == null) {
      throw ApiException.badRequest("MissingParameter", "the body must be the list of policy statements");
    }
    List<PolicyStatement> policies = statements(Arrays.asList(body));
    return AdminResponse.ok(json(AccessKeySummary.of(call(() -> keys.setPolicies(id, policies)))));
  }

  private AdminResponse delete(AdminRequest request) {
    request.requireOwner("manage access keys");
    checkInstance(request.queryParam("instanceId"));
    String id = request.pathParam("id");
    call(() -> {
      keys.delete(id);
      return null;
    });
    return AdminResponse.noContent();
  }


  private void checkInstance(Optional<String> named) {
    if (named.isPresent() && !named.get().equals(instanceId)) {
      throw ApiException.notFound("InstanceNotFound", "instance '" + named.get() + "' does not exist");
    }
  }

  // JSON may leave out fields or put null in a list; what is missing becomes empty so that the service's validation
  // reports it with the statement's position, as it does for any other mistake.
  private static List<PolicyStatement> statements(List<StatementJson> body) {
    List<PolicyStatement> statements = new ArrayList<>(body.size());
    for (int i = 0; i < body.size(); i++) {
      StatementJson s = body.get(i);
      if (s == null) {
        throw ApiException.badRequest(AccessKeyException.INVALID_POLICIES, "policies[" + i + "] must be an object");
      }
      statements.add(new PolicyStatement(s.effect(), orEmpty(s.actions()), orEmpty(s.resources())));
    }
    return statements;
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null ? List.of() : values.stream().map(v -> v == null ? "" : v).toList();
  }

  private static AccessKeyJson json(AccessKeySummary key) {
    return new AccessKeyJson(key.accessKeyId(), key.description(), key.owner(), key.createTime(),
        json(key.policies()));
  }

  private static List<StatementJson> json(List<PolicyStatement> policies) {
    return policies.stream().map(p -> new StatementJson(p.effect(), p.actions(), p.resources())).toList();
  }

  /** Runs a service call, turning its refusals into the API's answers. */
  private static <T> T call(Supplier<T> work) {
    try {
      return work.get();
    } catch (AccessKeyException e) {
      switch (e.code()) {
        case AccessKeyException.NOT_FOUND:
          throw ApiException.notFound(e.code(), e.getMessage());
        case AccessKeyException.OWNER_KEY_PROTECTED:
          throw new ApiException(403, e.code(), e.getMessage());
        default:
          throw ApiException.badRequest(e.code(), e.getMessage());
      }
    }
  }
}
