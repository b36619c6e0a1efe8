package io.mqttbroker.admin.server;

import io.mqttbroker.admin.http.Route;
import java.util.Map;
import java.util.Set;

/** What the router found for a method and path. */
sealed interface RouteMatch {

  /** A route answers this method and path; {@code params} are the decoded template values. */
  record Found(Route route, Map<String, String> params) implements RouteMatch {}

  /** No route has this path. */
  record NoSuchPath() implements RouteMatch {}

  /** The path exists but not with this method. */
  record WrongMethod(Set<String> allowed) implements RouteMatch {}
}
