package io.mqttbroker.core.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void exactAndWildcardMatching() {
    assertTrue(Topics.matches("a/b", "a/b"));
    assertFalse(Topics.matches("a/b", "a/c"));
    assertTrue(Topics.matches("a/+", "a/b"));
    assertFalse(Topics.matches("a/+", "a/b/c"));
    assertFalse(Topics.matches("a/+", "a"));
    assertTrue(Topics.matches("a/+", "a/"));
    assertTrue(Topics.matches("a/#", "a"));
    assertTrue(Topics.matches("a/#", "a/b/c"));
    assertTrue(Topics.matches("#", "a/b"));
    assertTrue(Topics.matches("+/+", "/x"));
    assertTrue(Topics.matches("+", ""));
    assertFalse(Topics.matches("a/b/c", "a/b"));
    assertTrue(Topics.matches("a/+/c", "a/x/c"));
  }

  @Test
  void dollarTopicsAreNotMatchedByLeadingWildcards() {
    assertFalse(Topics.matches("#", "$SYS/broker/uptime"));
    assertFalse(Topics.matches("+/broker/uptime", "$SYS/broker/uptime"));
    assertTrue(Topics.matches("$SYS/#", "$SYS/broker/uptime"));
    assertTrue(Topics.matches("$SYS/+/uptime", "$SYS/broker/uptime"));
  }

  @Test
  void coverageOfFilters() {
    assertTrue(Topics.covers("a/#", "a/+"));
    assertTrue(Topics.covers("a/#", "a/#"));
    assertTrue(Topics.covers("a/#", "a"));
    assertTrue(Topics.covers("a/+", "a/b"));
    assertTrue(Topics.covers("a/+", "a/+"));
    assertFalse(Topics.covers("a/+", "a/#"));
    assertFalse(Topics.covers("a/b", "a/+"));
    assertFalse(Topics.covers("a/+", "a/b/c"));
    assertTrue(Topics.covers("#", "x/y/#"));
    assertFalse(Topics.covers("#", "$SYS/#"));
    assertTrue(Topics.covers("+/b", "x/b"));
  }

  @Test
  void validation() {
    assertTrue(Topics.validateTopicName("a/+").isPresent());
    assertTrue(Topics.validateTopicName("").isPresent());
    assertTrue(Topics.validateTopicName("a\u0000b").isPresent());
    assertFalse(Topics.validateTopicName("a/b").isPresent());
    assertFalse(Topics.validateFilter("a/+/#").isPresent());
    assertTrue(Topics.validateFilter("a/#/b").isPresent());
    assertTrue(Topics.validateFilter("a/b#").isPresent());
    assertTrue(Topics.validateFilter("a+/b").isPresent());
    assertTrue(Topics.validateFilter("").isPresent());
  }

  @Test
  void sharedSubscriptionsAreParsed() {
    assertEquals(new Topics.SharedFilter("g1", "a/+"), Topics.parseShared("$share/g1/a/+").orElseThrow());
    assertFalse(Topics.parseShared("$share/g1").orElseThrow().valid());
    assertTrue(Topics.parseShared("a/b").isEmpty());
  }

  @Test
  void levels() {
    assertEquals(1, Topics.levels("a"));
    assertEquals(3, Topics.levels("a/b/c"));
    assertEquals(2, Topics.levels("/"));
  }
}
