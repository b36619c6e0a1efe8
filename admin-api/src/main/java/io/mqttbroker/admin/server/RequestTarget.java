package io.mqttbroker.admin.server;

import io.mqttbroker.admin.http.ApiException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request target split and decoded: path segments are decoded one by one, so an encoded {@code /} ({@code %2F})
 * stays inside its segment, and query names and values are decoded with {@code +} as a space.
 *
 * @param path the decoded path (segments joined by {@code /})
 * @param segments the decoded path segments ({@code /a/b} gives {@code [a, b]})
 * @param query decoded query parameters in order of appearance
 */
record RequestTarget(String path, List<String> segments, Map<String, List<String>> query) {

  /** Parses an origin-form (or absolute-form) request target; a malformed one is a 400. */
  static RequestTarget parse(String uri) {
    String target = stripAuthority(uri);
    int fragment = target.indexOf('#');
    if (fragment >= 0) {
      target = target.substring(0, fragment);
    }
    int queryStart = target.indexOf('?');
    String rawPath = queryStart < 0 ? target : target.substring(0, queryStart);
    String rawQuery = queryStart < 0 ? "" : target.substring(queryStart + 1);
    if (!rawPath.startsWith("/")) {
      throw ApiException.badRequest("BadRequest", "the request target must be an absolute path");
    }
    try {
      List<String> segments = new ArrayList<>();
      for (String raw : rawPath.substring(1).split("/", -1)) {
        segments.add(PercentDecoding.pathSegment(raw));
      }
      return new RequestTarget("/" + String.join("/", segments), List.copyOf(segments), parseQuery(rawQuery));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("InvalidParameter", "malformed percent-encoding in the request target");
    }
  }

  private static String stripAuthority(String uri) {
    int scheme = uri.indexOf("://");
    if (scheme > 0 && !uri.startsWith("/")) {
      int pathStart = uri.indexOf('/', scheme + 3);
      return pathStart < 0 ? "/" : uri.substring(pathStart);
    }
    return uri;
  }

  private static Map<String, List<String>> parseQuery(String rawQuery) {
    if (rawQuery.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> query = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = PercentDecoding.queryComponent(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : PercentDecoding.queryComponent(pair.substring(eq + 1));
      query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    Map<String, List<String>> frozen = new LinkedHashMap<>();
    query.forEach((name, values) -> frozen.put(name, List.copyOf(values)));
    return Collections.unmodifiableMap(frozen);
  }
}
