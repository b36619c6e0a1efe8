package io.mqttbroker.server.wiring;

import io.mqttbroker.admin.http.RouteGroup;
import io.mqttbroker.core.security.spi.Authenticator;
import io.mqttbroker.core.security.spi.Authorizer;
import io.mqttbroker.core.security.spi.SessionListener;
import io.mqttbroker.core.security.spi.SystemTopicHandler;
import java.util.List;

/**
 * Everything one authentication mode contributes to the broker and the admin API. {@code gates} are authenticators
 * asked before every mode's (the custom mode's connection blacklist).
 */
public record ModeBundle(
    String name,
    Authenticator authenticator,
    List<Authorizer> authorizers,
    List<SessionListener> sessionListeners,
    List<SystemTopicHandler> systemTopicHandlers,
    List<RouteGroup> routes,
    List<Authenticator> gates) {

  public ModeBundle(String name, Authenticator authenticator, List<Authorizer> authorizers,
      List<SessionListener> sessionListeners, List<SystemTopicHandler> systemTopicHandlers, List<RouteGroup> routes) {
    this(name, authenticator, authorizers, sessionListeners, systemTopicHandlers, routes, List.of());
  }

  public ModeBundle {
    gates = List.copyOf(gates);
    authorizers = List.copyOf(authorizers);
    sessionListeners = List.copyOf(sessionListeners);
    systemTopicHandlers = List.copyOf(systemTopicHandlers);
    routes = List.copyOf(routes);
  }
}
