package io.mqttbroker.admin.customauth;

import io.mqttbroker.admin.http.AdminRequest;
import io.mqttbroker.admin.http.AdminResponse;
import io.mqttbroker.admin.http.ApiException;
import io.mqttbroker.admin.http.Json;
import io.mqttbroker.admin.http.Page;
import io.mqttbroker.admin.http.PageRequest;
import io.mqttbroker.admin.http.Route;
import io.mqttbroker.admin.http.RouteGroup;
import io.mqttbroker.auth.custom.CustomAuthException;
import io.mqttbroker.auth.custom.IdentityType;
import io.mqttbroker.auth.custom.PageQuery;
import io.mqttbroker.auth.custom.ResultPage;
import io.mqttbroker.auth.custom.blacklist.ConnectBlackEntry;
import io.mqttbroker.auth.custom.blacklist.ConnectBlacklistService;
import io.mqttbroker.auth.custom.identity.CustomAuthIdentity;
import io.mqttbroker.auth.custom.identity.IdentityFilter;
import io.mqttbroker.auth.custom.identity.IdentityKey;
import io.mqttbroker.auth.custom.identity.IdentityService;
import io.mqttbroker.auth.custom.identity.IdentitySpec;
import io.mqttbroker.auth.custom.identity.SignMode;
import io.mqttbroker.auth.custom.permission.CustomAuthPermission;
import io.mqttbroker.auth.custom.permission.CustomAuthPermission.PermissionKey;
import io.mqttbroker.auth.custom.permission.Effect;
import io.mqttbroker.auth.custom.permission.PermissionFilter;
import io.mqttbroker.auth.custom.permission.PermissionService;
import io.mqttbroker.auth.custom.permission.PermitAction;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The eleven custom-auth operations of ADMIN-API.md (identities, permissions, connect blacklist). Only the owner
 * access key may call them: identities and rules grant MQTT access beyond any key's own policies, and
 * QueryCustomAuthIdentity answers secrets in clear.
 */
public final class CustomAuthRoutes implements RouteGroup {
  static final String IDENTITIES = "/api/v1/custom-auth/identities";
  static final String PERMISSIONS = "/api/v1/custom-auth/permissions";
  static final String BLACKLIST = "/api/v1/custom-auth/connect-blacklist";

  private final IdentityService identities;
  private final PermissionService permissions;
  private final ConnectBlacklistService blacklist;
  private final String instanceId;

  public CustomAuthRoutes(IdentityService identities, PermissionService permissions, ConnectBlacklistService blacklist,
      String instanceId) {
    this.identities = identities;
    this.permissions = permissions;
    this.blacklist = blacklist;
    this.instanceId = instanceId;
  }

  /** Body of Add/UpdateCustomAuthIdentity; enums as text so that a bad value is InvalidParameter.<Field>. */
  record IdentityBody(String instanceId, String username, String identityType, String clientId, String secret,
      String signMode) {}

  /** Body of Add/UpdateCustomAuthPermission. */
  record PermissionBody(String instanceId, String identityType, String identity, String topic, String permitAction,
      String effect) {}

  /** Body of AddCustomAuthConnectBlack. */
  record BlackBody(String instanceId, String clientId) {}

  /** An identity as answered; {@code clientId} is null for USER identities. */
  record IdentityJson(String username, String identityType, String clientId, String secret, String signMode,
      long createTime, long updateTime) {
    static IdentityJson of(CustomAuthIdentity i) {
      return new IdentityJson(i.username(), i.identityType().name(), i.clientId().orElse(null), i.secret(),
          i.signMode().name(), i.createTime(), i.updateTime());
    }
  }

  record PermissionJson(String identityType, String identity, String topic, String permitAction, String effect) {
    static PermissionJson of(CustomAuthPermission p) {
      return new PermissionJson(p.identityType().name(), p.identity(), p.topic(), p.permitAction().name(),
          p.effect().name());
    }
  }

  /** A blacklist entry as the reference shows it: a CONNECT permission with effect DENY. */
  record BlackJson(String clientId, String effect, String permitAction) {
    static BlackJson of(ConnectBlackEntry e) {
      return new BlackJson(e.clientId(), "DENY", "CONNECT");
    }
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.authenticated("POST", IDENTITIES, this::addIdentity),
        Route.authenticated("PUT", IDENTITIES, this::updateIdentity),
        Route.authenticated("GET", IDENTITIES, this::queryIdentities),
        Route.authenticated("DELETE", IDENTITIES, this::deleteIdentity),
        Route.authenticated("POST", PERMISSIONS, this::addPermission),
        Route.authenticated("PUT", PERMISSIONS, this::updatePermission),
        Route.authenticated("GET", PERMISSIONS, this::queryPermissions),
        Route.authenticated("DELETE", PERMISSIONS, this::deletePermission),
        Route.authenticated("POST", BLACKLIST, this::addBlack),
        Route.authenticated("GET", BLACKLIST, this::queryBlacklist),
        Route.authenticated("DELETE", BLACKLIST + "/{clientId}", this::deleteBlack));
  }

  private AdminResponse addIdentity(AdminRequest request) {
    IdentitySpec spec = identitySpec(request);
    return AdminResponse.created(IdentityJson.of(call(() -> identities.add(spec))));
  }

  private AdminResponse updateIdentity(AdminRequest request) {
    IdentitySpec spec = identitySpec(request);
    return AdminResponse.ok(IdentityJson.of(call(() -> identities.update(spec))));
  }

  private AdminResponse queryIdentities(AdminRequest request) {
    checkQueryInstance(request);
    PageQuery page = page(request);
    IdentityFilter filter = call(() -> new IdentityFilter(request.queryParam("username"),
        request.queryParam("identityType").map(IdentityType::parse), request.queryParam("clientId")));
    return AdminResponse.ok(json(call(() -> identities.query(filter, page)), IdentityJson::of));
  }

  private AdminResponse deleteIdentity(AdminRequest request) {
    checkQueryInstance(request);
    String username = Json.required(request.queryParam("username").orElse(null), "username");
    IdentityType type = call(() -> IdentityType.parse(
        Json.required(request.queryParam("identityType").orElse(null), "identityType")));
    Optional<String> clientId = request.queryParam("clientId");
    if (type == IdentityType.CLIENT) {
      Json.required(clientId.orElse(null), "clientId");
    }
    call(() -> {
      identities.delete(IdentityKey.of(type, username, clientId));
      return null;
    });
    return AdminResponse.noContent();
  }

  private AdminResponse addPermission(AdminRequest request) {
    CustomAuthPermission permission = permission(request);
    return AdminResponse.created(PermissionJson.of(call(() -> permissions.add(permission))));
  }

  private AdminResponse updatePermission(AdminRequest request) {
    CustomAuthPermission permission = permission(request);
    return AdminResponse.ok(PermissionJson.of(call(() -> permissions.update(permission))));
  }

  private AdminResponse queryPermissions(AdminRequest request) {
    checkQueryInstance(request);
    PageQuery page = page(request);
    PermissionFilter filter = call(() -> new PermissionFilter(
        request.queryParam("identityType").map(IdentityType::parse), request.queryParam("identity"),
        request.queryParam("topic")));
    return AdminResponse.ok(json(call(() -> permissions.query(filter, page)), PermissionJson::of));
  }

  private AdminResponse deletePermission(AdminRequest request) {
    checkQueryInstance(request);
    String type = Json.required(request.queryParam("identityType").orElse(null), "identityType");
    String identity = Json.required(request.queryParam("identity").orElse(null), "identity");
    String topic = Json.required(request.queryParam("topic").orElse(null), "topic");
    call(() -> {
      permissions.delete(PermissionKey.of(IdentityType.parse(type), identity, topic));
      return null;
    });
    return AdminResponse.noContent();
  }

  private AdminResponse addBlack(AdminRequest request) {
    request.requireOwner("manage custom authentication");
    BlackBody body = Json.read(request, BlackBody.class);
    checkInstance(Optional.ofNullable(body.instanceId()));
    String clientId = Json.required(body.clientId(), "clientId");
    return AdminResponse.created(BlackJson.of(call(() -> blacklist.add(clientId))));
  }

  private AdminResponse queryBlacklist(AdminRequest request) {
    checkQueryInstance(request);
    PageQuery page = page(request);
    return AdminResponse.ok(json(call(() -> blacklist.query(request.queryParam("clientId"), page)), BlackJson::of));
  }

  private AdminResponse deleteBlack(AdminRequest request) {
    checkQueryInstance(request);
    String clientId = request.pathParam("clientId");
    call(() -> {
      blacklist.delete(clientId);
      return null;
    });
    return AdminResponse.noContent();
  }

  private IdentitySpec identitySpec(AdminRequest request) {
    request.requireOwner("manage custom authentication");
    IdentityBody body = Json.read(request, IdentityBody.class);
    checkInstance(Optional.ofNullable(body.instanceId()));
    String username = Json.required(body.username(), "username");
    String type = Json.required(body.identityType(), "identityType");
    String secret = Json.required(body.secret(), "secret");
    String signMode = Json.required(body.signMode(), "signMode");
    return call(() -> {
      IdentityType identityType = IdentityType.parse(type);
      if (identityType == IdentityType.CLIENT) {
        Json.required(body.clientId(), "clientId");
      }
      return new IdentitySpec(username, identityType, Optional.ofNullable(body.clientId()), secret,
          SignMode.parse(signMode));
    });
  }

  private CustomAuthPermission permission(AdminRequest request) {
    request.requireOwner("manage custom authentication");
    PermissionBody body = Json.read(request, PermissionBody.class);
    checkInstance(Optional.ofNullable(body.instanceId()));
    String type = Json.required(body.identityType(), "identityType");
    String identity = Json.required(body.identity(), "identity");
    String topic = Json.required(body.topic(), "topic");
    String action = Json.required(body.permitAction(), "permitAction");
    String effect = Json.required(body.effect(), "effect");
    return call(() -> CustomAuthPermission.of(IdentityType.parse(type), identity, topic, PermitAction.parse(action),
        Effect.parse(effect)));
  }

  private PageQuery page(AdminRequest request) {
    PageRequest page = PageRequest.from(request);
    return call(() -> new PageQuery(page.size(), page.nextToken()));
  }

  private static <T, J> Page<J> json(ResultPage<T> page, Function<T, J> view) {
    return new Page<>(page.results().stream().map(view).toList(), page.nextToken().orElse(null), page.total());
  }

  /** Query-string operations: owner only, and an {@code instanceId} parameter, when given, must be this one. */
  private void checkQueryInstance(AdminRequest request) {
    request.requireOwner("manage custom authentication");
    checkInstance(request.queryParam("instanceId"));
  }

  private void checkInstance(Optional<String> named) {
    if (named.isPresent() && !named.get().equals(instanceId)) {
      throw ApiException.notFound("InstanceNotFound", "instance '" + named.get() + "' does not exist");
    }
  }


  /** Runs a service call, turning its refusals into answers with the service's code. */
  private static <T> T call(Supplier<T> work) {
    try {
      return work.get();
    } catch (CustomAuthException e) {
      throw switch (e.kind()) {
        case INVALID, OVER_CAPACITY -> ApiException.badRequest(e.code(), e.getMessage());
        case DUPLICATE -> ApiException.conflict(e.code(), e.getMessage());
        case NOT_FOUND -> ApiException.notFound(e.code(), e.getMessage());
      };
    }
  }
}
