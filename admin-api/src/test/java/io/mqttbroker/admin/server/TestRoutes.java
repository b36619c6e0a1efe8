package io.mqttbroker.admin.server;

import io.mqttbroker.admin.http.AdminResponse;
import io.mqttbroker.admin.http.Json;
import io.mqttbroker.admin.http.Route;
import io.mqttbroker.admin.http.RouteGroup;
import io.mqttbroker.store.StoreUnavailableException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Routes that exercise the server: echo, strict JSON, failures, no content, and one that blocks until released. */
final class TestRoutes implements RouteGroup {
  final CountDownLatch blockEntered = new CountDownLatch(1);
  final CountDownLatch releaseBlock = new CountDownLatch(1);

  record Item(String name, Integer count) {}

  @Override
  public List<Route> routes() {
    return List.of(
        Route.open("GET", "/test/items/{id}", request -> {
          Map<String, Object> echo = new LinkedHashMap<>();
          echo.put("id", request.pathParam("id"));
          echo.put("path", request.path());
          echo.put("query", request.query());
          echo.put("caller", request.caller().isPresent());
          return AdminResponse.ok(echo);
        }),
        Route.open("GET", "/test/items/special", request -> AdminResponse.ok(Map.of("special", true))),
        Route.open("POST", "/test/items", request -> {
          Item item = Json.read(request, Item.class);
          Json.required(item.name(), "name");
          return AdminResponse.created(item);
        }),
        Route.open("DELETE", "/test/items/{id}", request -> AdminResponse.noContent()),
        Route.authenticated("GET", "/test/whoami", request -> AdminResponse.ok(request.requireCaller())),
        Route.authenticated("POST", "/test/whoami", request -> AdminResponse.ok(request.requireCaller())),
        Route.open("GET", "/test/store-down", request -> {
          throw new StoreUnavailableException("pool exhausted", new SQLException("timeout"));
        }),
        Route.open("GET", "/test/boom", request -> {
          throw new IllegalStateException("internal detail that must stay in the log");
        }),
        Route.open("GET", "/test/ping", request -> AdminResponse.ok(Map.of("pong", true))),
        Route.open("GET", "/test/block", request -> {
          blockEntered.countDown();
          try {
            if (!releaseBlock.await(10, TimeUnit.SECONDS)) {
              throw new IllegalStateException("test never released the blocking handler");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          return AdminResponse.ok(Map.of("released", true));
        }));
  }
}
