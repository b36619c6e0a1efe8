package io.mqttbroker.admin.devicecredentials;

import io.mqttbroker.admin.http.AdminRequest;
import io.mqttbroker.admin.http.AdminResponse;
import io.mqttbroker.admin.http.ApiException;
import io.mqttbroker.admin.http.Json;
import io.mqttbroker.admin.http.Page;
import io.mqttbroker.admin.http.PageRequest;
import io.mqttbroker.admin.http.Route;
import io.mqttbroker.admin.http.RouteGroup;
import io.mqttbroker.auth.devicecredential.ClientIdPage;
import io.mqttbroker.auth.devicecredential.DeviceCredential;
import io.mqttbroker.auth.devicecredential.DeviceCredentialException;
import io.mqttbroker.auth.devicecredential.DeviceCredentialService;
import io.mqttbroker.auth.devicecredential.RegisterResult;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The device-credential operations of ADMIN-API.md: RegisterDeviceCredential, GetDeviceCredential,
 * RefreshDeviceCredential, UnRegisterDeviceCredential, ListDeviceCredentialClientId. Client ids in the path arrive
 * percent-decoded from the router. Only the owner key may call them (403 otherwise): a device credential may publish
 * and subscribe on every topic, and its secret lets anyone act as that device, so a key with narrower policies must
 * not be able to mint or read one.
 */
public final class DeviceCredentialRoutes implements RouteGroup {
  static final String BASE = "/api/v1/device-credentials";
  static final String ONE = BASE + "/{clientId}";

  private final DeviceCredentialService service;

  public DeviceCredentialRoutes(DeviceCredentialService service) {
    this.service = service;
  }

  /** Body of RegisterDeviceCredential. */
  record RegisterBody(String clientId, String instanceId) {}

  /** Optional body of RefreshDeviceCredential. */
  record InstanceBody(String instanceId) {}

  @Override
  public List<Route> routes() {
    return List.of(
        Route.authenticated("POST", BASE, this::register),
        Route.authenticated("GET", BASE, this::list),
        Route.authenticated("GET", ONE, this::get),
        Route.authenticated("POST", ONE + "/refresh", this::refresh),
        Route.authenticated("DELETE", ONE, this::unregister));
  }

  private AdminResponse register(AdminRequest request) {
    request.requireOwner("manage device credentials");
    // A body of JSON null is treated as no body, as by the other routes.
    RegisterBody body = Optional.ofNullable(Json.read(request, RegisterBody.class))
        .orElse(new RegisterBody(null, null));
    String clientId = Json.required(body.clientId(), "clientId");
    checkInstance(Optional.ofNullable(body.instanceId()));
    RegisterResult result = call(() -> service.register(clientId));
    return result.created() ? AdminResponse.created(result.credential()) : AdminResponse.ok(result.credential());
  }

  private AdminResponse get(AdminRequest request) {
    request.requireOwner("manage device credentials");
    checkInstance(request.queryParam("instanceId"));
    String clientId = request.pathParam("clientId");
    return AdminResponse.ok(call(() -> service.get(clientId)).orElseThrow(() -> notFound(clientId)));
  }

  private AdminResponse refresh(AdminRequest request) {
    request.requireOwner("manage device credentials");
    InstanceBody body = Optional.ofNullable(Json.read(request, InstanceBody.class)).orElse(new InstanceBody(null));
    checkInstance(Optional.ofNullable(body.instanceId()).or(() -> request.queryParam("instanceId")));
    String clientId = request.pathParam("clientId");
    DeviceCredential fresh = call(() -> service.refresh(clientId)).orElseThrow(() -> notFound(clientId));
    return AdminResponse.ok(fresh);
  }

  private AdminResponse unregister(AdminRequest request) {
    request.requireOwner("manage device credentials");
    checkInstance(request.queryParam("instanceId"));
    String clientId = request.pathParam("clientId");
    if (!call(() -> service.unregister(clientId))) {
      throw notFound(clientId);
    }
    return AdminResponse.noContent();
  }

  private AdminResponse list(AdminRequest request) {
    request.requireOwner("manage device credentials");
    checkInstance(request.queryParam("instanceId"));
    PageRequest page = PageRequest.from(request);
    ClientIdPage result = call(() -> service.listClientIds(request.queryParam("groupId"), page.size(),
        page.nextToken()));
    return AdminResponse.ok(new Page<>(result.clientIds(), result.nextToken().orElse(null), result.total()));
  }


  private void checkInstance(Optional<String> instanceId) {
    if (instanceId.isPresent() && !instanceId.get().equals(service.instanceId())) {
      throw ApiException.notFound("InstanceNotFound", "instance '" + instanceId.get() + "' does not exist");
    }
  }

  private static ApiException notFound(String clientId) {
    return ApiException.notFound("DeviceCredentialNotFound",
        "client id '" + clientId + "' has no device credential");
  }

  /** Runs a service call, turning its refusals (quota, bad input) into 400 answers with the service's code. */
  private static <T> T call(Supplier<T> work) {
    try {
      return work.get();
    } catch (DeviceCredentialException e) {
      throw ApiException.badRequest(e.code(), e.getMessage());
    }
  }
}
