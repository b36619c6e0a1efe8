package io.mqttbroker.core.topic;

import java.util.Optional;

/**
 * The one place that knows MQTT topic syntax and wildcard semantics. Routing and every authorizer use it, so that a
 * filter means the same thing when it routes a message and when it grants a right.
 */
public final class Topics {
  public static final String SHARE_PREFIX = "$share/";

  private Topics() {}

  /** Why a topic name is not valid for PUBLISH, or empty when it is. */
  public static Optional<String> validateTopicName(String topic) {
    if (topic.isEmpty()) {
      return Optional.of("topic name is empty");
    }
    if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
      return Optional.of("topic name contains a wildcard");
    }
    if (topic.indexOf('\u0000') >= 0) {
      return Optional.of("topic name contains U+0000");
    }
    return Optional.empty();
  }

  /** Why a topic filter is not valid for SUBSCRIBE, or empty when it is. */
  public static Optional<String> validateFilter(String filter) {
    if (filter.isEmpty()) {
      return Optional.of("topic filter is empty");
    }
    if (filter.indexOf('\u0000') >= 0) {
      return Optional.of("topic filter contains U+0000");
    }
    int start = 0;
    while (true) {
      int end = filter.indexOf('/', start);
      boolean last = end < 0;
      String level = last ? filter.substring(start) : filter.substring(start, end);
      if (level.contains("#") && (!level.equals("#") || !last)) {
        return Optional.of("'#' must be a whole level and the last one");
      }
      if (level.contains("+") && !level.equals("+")) {
        return Optional.of("'+' must be a whole level");
      }
      if (last) {
        return Optional.empty();
      }
      start = end + 1;
    }
  }

  /** Number of levels of a topic or filter ({@code a/b} has two, {@code /} has two empty ones). */
  public static int levels(String topic) {
    int n = 1;
    for (int i = 0; i < topic.length(); i++) {
      if (topic.charAt(i) == '/') {
        n++;
      }
    }
    return n;
  }

  /** Whether {@code filter} matches the topic name {@code topic}; wildcards at the first level skip {@code $} topics. */
  public static boolean matches(String filter, String topic) {
    if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
      return false;
    }
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) {
        // "a/#" matches "a" and everything below it.
        return true;
      }
      if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i]))) {
        return false;
      }
    }
    return f.length == t.length;
  }

  /**
   * Whether every topic that {@code requested} can match is also matched by {@code granted}: a grant of {@code a/#}
   * covers a subscription to {@code a/+}, a grant of {@code a/+} does not cover {@code a/#}.
   */
  public static boolean covers(String granted, String requested) {
    if (requested.startsWith("$") && (granted.startsWith("+") || granted.startsWith("#"))) {
      return false;
    }
    String[] g = granted.split("/", -1);
    String[] r = requested.split("/", -1);
    for (int i = 0; i < g.length; i++) {
      if (g[i].equals("#")) {
        // "a/#" also covers "a" itself; anything at or below this level is covered.
        return true;
      }
      if (i >= r.length) {
        return false;
      }
      if (r[i].equals("#")) {
        return false;
      }
      if (g[i].equals("+")) {
        continue;
      }
      if (!g[i].equals(r[i])) {
        return false;
      }
    }
    return g.length == r.length;
  }

  /**
   * Whether some topic name is matched by both filters: {@code a/#} and {@code +/b} intersect ({@code a/b}),
   * {@code a/+} and {@code b/#} do not. A deny on one filter must refuse a subscription to any filter it intersects,
   * or the subscription would deliver what the deny forbids.
   */
  public static boolean intersects(String first, String second) {
    String[] a = first.split("/", -1);
    String[] b = second.split("/", -1);
    int common = Math.min(a.length, b.length);
    for (int i = 0; i < common; i++) {
      boolean wildA = a[i].equals("+") || a[i].equals("#");
      boolean wildB = b[i].equals("+") || b[i].equals("#");
      if (i == 0 && (wildA && b[0].startsWith("$") || wildB && a[0].startsWith("$"))) {
        // A first-level wildcard never matches a $ topic.
        return false;
      }
      if (a[i].equals("#") || b[i].equals("#")) {
        return true;
      }
      if (!wildA && !wildB && !a[i].equals(b[i])) {
        return false;
      }
    }
    if (a.length == b.length) {
      return true;
    }
    // One filter ends where the other goes on: they still share a topic when the rest is just "#" ("a" and "a/#").
    String[] longer = a.length > b.length ? a : b;
    return longer.length == common + 1 && longer[common].equals("#");
  }

  /** A {@code $share/<group>/<filter>} subscription split in its parts, or empty for a plain filter. */
  public static Optional<SharedFilter> parseShared(String filter) {
    if (!filter.startsWith(SHARE_PREFIX)) {
      return Optional.empty();
    }
    int slash = filter.indexOf('/', SHARE_PREFIX.length());
    if (slash <= SHARE_PREFIX.length() || slash == filter.length() - 1) {
      return Optional.of(new SharedFilter("", ""));
    }
    return Optional.of(new SharedFilter(filter.substring(SHARE_PREFIX.length(), slash), filter.substring(slash + 1)));
  }

  /** The parts of a shared subscription; an empty group or filter means the share name was malformed. */
  public record SharedFilter(String group, String filter) {
    public boolean valid() {
      return !group.isEmpty() && !filter.isEmpty() && !group.contains("+") && !group.contains("#");
    }
  }
}
