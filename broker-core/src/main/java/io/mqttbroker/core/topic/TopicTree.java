package io.mqttbroker.core.topic;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * An index of topic filters, each holding values by key (a subscription per client id, a rule per identity). Lookup
 * walks only the branches a topic can reach, so its cost depends on the topic's depth and the number of matches, not
 * on the number of filters. Lookups are lock-free and run concurrently with changes; changes are serialised so that
 * pruning an empty branch never loses a concurrent add.
 *
 * @param <K> the key of a value under one filter
 * @param <V> the value
 */
public final class TopicTree<K, V> {
  private final Node<K, V> root = new Node<>();

  /** Puts {@code value} under {@code filter} and {@code key}, replacing the value for that key; returns the old one. */
  public synchronized V put(String filter, K key, V value) {
    Node<K, V> node = root;
    for (String level : levels(filter)) {
      node = node.children.computeIfAbsent(level, l -> new Node<>());
    }
    V old = node.values.put(key, value);
    node.refresh();
    return old;
  }

  /** Removes the value under {@code filter} and {@code key}; returns it, or null when there was none. */
  public synchronized V remove(String filter, K key) {
    String[] levels = levels(filter);
    return remove(root, levels, 0, key);
  }

  private V remove(Node<K, V> node, String[] levels, int depth, K key) {
    if (depth == levels.length) {
      V removed = node.values.remove(key);
      node.refresh();
      return removed;
    }
    Node<K, V> child = node.children.get(levels[depth]);
    if (child == null) {
      return null;
    }
    V removed = remove(child, levels, depth + 1, key);
    if (child.isEmpty()) {
      // Prune empty branches so that unsubscribes do not leave garbage behind.
      node.children.remove(levels[depth], child);
    }
    return removed;
  }

  /** Calls {@code visitor} for every value whose filter matches the topic name {@code topic}. */
  public void forEachMatch(String topic, BiConsumer<K, V> visitor) {
    String[] levels = levels(topic);
    boolean dollar = topic.startsWith("$");
    match(root, levels, 0, dollar, visitor);
  }

  private void match(Node<K, V> node, String[] levels, int depth, boolean dollar, BiConsumer<K, V> visitor) {
    boolean wildcardsAllowed = !(dollar && depth == 0);
    if (wildcardsAllowed) {
      Node<K, V> hash = node.children.get("#");
      if (hash != null) {
        hash.forEachValue(visitor);
      }
    }
    if (depth == levels.length) {
      node.forEachValue(visitor);
      return;
    }
    Node<K, V> exact = node.children.get(levels[depth]);
    if (exact != null) {
      match(exact, levels, depth + 1, dollar, visitor);
    }
    if (wildcardsAllowed) {
      Node<K, V> plus = node.children.get("+");
      if (plus != null) {
        match(plus, levels, depth + 1, dollar, visitor);
      }
    }
  }

  /**
   * Calls {@code visitor} for every value whose filter covers the filter {@code requested} in the sense of
   * {@link Topics#covers(String, String)}.
   */
  public void forEachCovering(String requested, BiConsumer<K, V> visitor) {
    String[] levels = levels(requested);
    boolean dollar = requested.startsWith("$");
    cover(root, levels, 0, dollar, visitor);
  }

  private void cover(Node<K, V> node, String[] levels, int depth, boolean dollar, BiConsumer<K, V> visitor) {
    boolean wildcardsAllowed = !(dollar && depth == 0);
    if (wildcardsAllowed) {
      Node<K, V> hash = node.children.get("#");
      if (hash != null) {
        hash.forEachValue(visitor);
      }
    }
    if (depth == levels.length) {
      node.forEachValue(visitor);
      return;
    }
    String level = levels[depth];
    if (level.equals("#")) {
      return;
    }
    if (!level.equals("+")) {
      Node<K, V> exact = node.children.get(level);
      if (exact != null) {
        cover(exact, levels, depth + 1, dollar, visitor);
      }
    }
    if (wildcardsAllowed) {
      Node<K, V> plus = node.children.get("+");
      if (plus != null) {
        cover(plus, levels, depth + 1, dollar, visitor);
      }
    }
  }

  /**
   * The levels of a topic or filter, empty ones included ({@code "a//b"} has three): what {@code split("/", -1)}
   * answers, without its intermediate list - this runs for every routed PUBLISH.
   */
  static String[] levels(String topic) {
    Object[] last = LAST_SPLIT.get();
    if (topic == last[0] || topic.equals(last[0])) {
      return (String[]) last[1];
    }
    String[] split = split(topic);
    last[0] = topic;
    last[1] = split;
    return split;
  }

  /**
   * The last topic split on this thread and its levels (never mutated by anyone): one PUBLISH is looked up in the
   * subscription tree, the shared-subscription tree and the permission index one after another on the same loop.
   */
  private static final ThreadLocal<Object[]> LAST_SPLIT = ThreadLocal.withInitial(() -> new Object[2]);

  private static String[] split(String topic) {
    int count = 1;
    for (int i = topic.indexOf('/'); i >= 0; i = topic.indexOf('/', i + 1)) {
      count++;
    }
    String[] levels = new String[count];
    int start = 0;
    for (int n = 0; n < count - 1; n++) {
      int end = topic.indexOf('/', start);
      levels[n] = topic.substring(start, end);
      start = end + 1;
    }
    levels[count - 1] = topic.substring(start);
    return levels;
  }

  /** Whether the tree holds no value at all. */
  public boolean isEmpty() {
    return root.isEmpty();
  }

  private static final Object[] EMPTY = new Object[0];
  /** Most values a node keeps a snapshot of. */
  private static final int SNAPSHOT_MAX = 16;

  private static final class Node<K, V> {
    final Map<String, Node<K, V>> children = new ConcurrentHashMap<>(4);
    final Map<K, V> values = new ConcurrentHashMap<>(2);

    /** Keys and values alternating, replaced (under the tree's lock) on every change: lookups iterate it for free. */
    private volatile Object[] snapshot = EMPTY;

    boolean isEmpty() {
      return children.isEmpty() && values.isEmpty();
    }

    void refresh() {
      if (values.size() > SNAPSHOT_MAX) {
        // A crowded filter (fan-out): a copy per subscribe would cost O(n); iterate the map instead.
        snapshot = null;
        return;
      }
      Object[] s = new Object[values.size() * 2];
      int i = 0;
      for (Map.Entry<K, V> e : values.entrySet()) {
        if (i + 1 >= s.length) {
          break;
        }
        s[i++] = e.getKey();
        s[i++] = e.getValue();
      }
      snapshot = i == 0 ? EMPTY : i == s.length ? s : java.util.Arrays.copyOf(s, i);
    }

    @SuppressWarnings("unchecked")
    void forEachValue(BiConsumer<K, V> visitor) {
      Object[] s = snapshot;
      if (s == null) {
        values.forEach(visitor);
        return;
      }
      for (int i = 0; i < s.length; i += 2) {
        visitor.accept((K) s[i], (V) s[i + 1]);
      }
    }
  }
}
