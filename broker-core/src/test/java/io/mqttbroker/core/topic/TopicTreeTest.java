package io.mqttbroker.core.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class TopicTreeTest {

  private static Set<String> matches(TopicTree<String, String> tree, String topic) {
    Set<String> out = new TreeSet<>();
    tree.forEachMatch(topic, (k, v) -> out.add(v));
    return out;
  }

  private static Set<String> covering(TopicTree<String, String> tree, String filter) {
    Set<String> out = new TreeSet<>();
    tree.forEachCovering(filter, (k, v) -> out.add(v));
    return out;
  }

  @Test
  void findsEveryMatchingFilter() {
    TopicTree<String, String> tree = new TopicTree<>();
    for (String f : List.of("a/b", "a/+", "a/#", "#", "+/b", "a/b/c", "$SYS/#", "+")) {
      tree.put(f, "k", f);
    }
    assertEquals(Set.of("a/b", "a/+", "a/#", "#", "+/b"), matches(tree, "a/b"));
    assertEquals(Set.of("a/#", "#", "+"), matches(tree, "a"));
    assertEquals(Set.of("$SYS/#"), matches(tree, "$SYS/x"));
  }

  @Test
  void agreesWithTopicsMatchesOnRandomInput() {
    String[] levels = {"a", "b", "c", "+", "#", ""};
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    List<String> filters = new ArrayList<>();
    TopicTree<String, String> tree = new TopicTree<>();
    for (int i = 0; i < 300; i++) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + rnd.nextInt(4);
      for (int l = 0; l < n; l++) {
        String level = levels[rnd.nextInt(levels.length)];
        if (level.equals("#") && l != n - 1) {
          level = "+";
        }
        sb.append(l == 0 ? "" : "/").append(level);
      }
      String f = sb.toString();
      if (Topics.validateFilter(f).isEmpty()) {
        filters.add(f);
        tree.put(f, f, f);
      }
    }
    String[] topicLevels = {"a", "b", "c", "", "$x"};
    for (int i = 0; i < 500; i++) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + rnd.nextInt(4);
      for (int l = 0; l < n; l++) {
        sb.append(l == 0 ? "" : "/").append(topicLevels[rnd.nextInt(l == 0 ? 5 : 4)]);
      }
      String topic = sb.toString();
      Set<String> expected = new TreeSet<>();
      Set<String> expectedCover = new TreeSet<>();
      for (String f : filters) {
        if (Topics.matches(f, topic)) {
          expected.add(f);
        }
        if (Topics.covers(f, topic)) {
          expectedCover.add(f);
        }
      }
      assertEquals(expected, matches(tree, topic), "topic " + topic);
      assertEquals(expectedCover, covering(tree, topic), "topic as filter " + topic);
    }
    for (String requested : filters) {
      Set<String> expectedCover = new TreeSet<>();
      for (String f : filters) {
        if (Topics.covers(f, requested)) {
          expectedCover.add(f);
        }
      }
      assertEquals(expectedCover, covering(tree, requested), "filter " + requested);
    }
  }

  @Test
  void removePrunesAndKeepsOthers() {
    TopicTree<String, String> tree = new TopicTree<>();
    tree.put("a/b", "c1", "x");
    tree.put("a/b", "c2", "y");
    assertEquals("x", tree.remove("a/b", "c1"));
    assertEquals(Set.of("y"), matches(tree, "a/b"));
    tree.remove("a/b", "c2");
    assertTrue(tree.isEmpty());
    assertEquals(null, tree.remove("no/such", "c"));
  }

  @Test
  void splitsLevelsLikeStringSplitKeepingEmptyOnes() {
    for (String topic : List.of("", "/", "//", "a", "a/b", "/a", "a/", "a//b", "$SYS/broker/+/#", "x/y/z/")) {
      assertEquals(List.of(topic.split("/", -1)), List.of(TopicTree.levels(topic)), topic);
    }
  }
}
