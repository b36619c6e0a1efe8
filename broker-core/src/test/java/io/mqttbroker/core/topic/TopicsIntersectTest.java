package io.mqttbroker.core.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicsIntersectTest {

  @ParameterizedTest(name = "{0} and {1}: {2}")
  @CsvSource({
      "a/b, a/b, true",
      "a/b, a/c, false",
      "a/#, +/b, true",
      "a/+, b/#, false",
      "a/+, +/c, true",
      "a/secret, a/#, true",
      "a, a/#, true",
      "a/#, a, true",
      "a, a/+, false",
      "a/b, a/b/c, false",
      "a/+/c, a/b/+, true",
      "+/+, a, false",
      "#, anything/at/all, true",
      "#, $SYS/x, false",
      "+/x, $SYS/x, false",
      "$SYS/#, $SYS/+, true",
      "$SYS/a, $SYS/b, false",
  })
  void filtersIntersectWhenSomeTopicMatchesBoth(String first, String second, boolean expected) {
    assertEquals(expected, Topics.intersects(first, second));
    assertEquals(expected, Topics.intersects(second, first), "symmetric");
  }
}
