package io.mqttbroker.admin.http;

import java.util.List;

/** The routes of one feature (access keys, tokens, device credentials, custom auth, clients). */
public interface RouteGroup {
  List<Route> routes();
}
