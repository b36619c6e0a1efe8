package io.mqttbroker.admin.server;

import io.mqttbroker.admin.http.Route;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Matches a method and decoded path segments against route templates such as
 * {@code /api/v1/device-credentials/{clientId}}. A literal segment wins over a parameter at the first position where
 * two matching templates differ, so {@code /api/v1/tokens/query} beats a {@code /api/v1/tokens/{token}}. Two routes
 * with the same method and the same template shape are a wiring error, refused at construction.
 */
final class Router {
  private final List<CompiledRoute> routes;

  Router(List<Route> routes) {
    List<CompiledRoute> compiled = new ArrayList<>();
    Set<String> shapes = new HashSet<>();
    for (Route route : routes) {
      CompiledRoute c = CompiledRoute.compile(route);
      if (!shapes.add(c.method() + " " + c.shape())) {
        throw new IllegalArgumentException("two routes for " + c.method() + " " + route.pathTemplate());
      }
      compiled.add(c);
    }
    this.routes = List.copyOf(compiled);
  }

  RouteMatch match(String method, List<String> segments) {
    CompiledRoute best = null;
    Set<String> allowed = new TreeSet<>();
    for (CompiledRoute route : routes) {
      if (!route.matches(segments)) {
        continue;
      }
      allowed.add(route.method());
      if (route.method().equals(method) && (best == null || route.moreSpecificThan(best))) {
        best = route;
      }
    }
    if (best != null) {
      return new RouteMatch.Found(best.route(), best.params(segments));
    }
    return allowed.isEmpty() ? new RouteMatch.NoSuchPath() : new RouteMatch.WrongMethod(allowed);
  }

  /** A template split into segments; a {@code null} literal marks a parameter. */
  private record CompiledRoute(Route route, String method, List<String> literals, List<String> names) {

    static CompiledRoute compile(Route route) {
      String template = route.pathTemplate();
      if (template == null || !template.startsWith("/")) {
        throw new IllegalArgumentException("route template must start with '/': " + template);
      }
      if (route.method() == null || route.method().isBlank() || route.handler() == null) {
        throw new IllegalArgumentException("route needs a method and a handler: " + template);
      }
      List<String> literals = new ArrayList<>();
      List<String> names = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (String segment : template.substring(1).split("/", -1)) {
        if (segment.startsWith("{") && segment.endsWith("}")) {
          String name = segment.substring(1, segment.length() - 1);
          if (name.isEmpty() || !seen.add(name)) {
            throw new IllegalArgumentException("bad or repeated parameter in route template " + template);
          }
          literals.add(null);
          names.add(name);
        } else {
          if (segment.contains("{") || segment.contains("}")) {
            throw new IllegalArgumentException("a parameter must be a whole segment: " + template);
          }
          literals.add(segment);
          names.add(null);
        }
      }
      return new CompiledRoute(route, route.method().toUpperCase(Locale.ROOT),
          Collections.unmodifiableList(literals), Collections.unmodifiableList(names));
    }

    String shape() {
      StringBuilder shape = new StringBuilder();
      for (String literal : literals) {
        shape.append('/').append(literal == null ? "{}" : literal);
      }
      return shape.toString();
    }

    boolean matches(List<String> segments) {
      if (segments.size() != literals.size()) {
        return false;
      }
      for (int i = 0; i < literals.size(); i++) {
        String literal = literals.get(i);
        String segment = segments.get(i);
        if (literal == null ? segment.isEmpty() : !literal.equals(segment)) {
          return false;
        }
      }
      return true;
    }

    boolean moreSpecificThan(CompiledRoute other) {
      for (int i = 0; i < literals.size(); i++) {
        boolean mine = literals.get(i) != null;
        boolean theirs = other.literals.get(i) != null;
        if (mine != theirs) {
          return mine;
        }
      }
      return false;
    }

    Map<String, String> params(List<String> segments) {
      Map<String, String> params = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i) != null) {
          params.put(names.get(i), segments.get(i));
        }
      }
      return Map.copyOf(params);
    }
  }
}
