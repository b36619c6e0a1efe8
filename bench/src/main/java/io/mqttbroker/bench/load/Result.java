package io.mqttbroker.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One measured figure: a line of the results file.
 *
 * @param scenario what was run ({@code connect-storm}, {@code fan-in-qos1}, ...)
 * @param broker the target's name
 * @param auth how the clients authenticated ({@code signature}, {@code custom}, {@code password-file}, ...)
 * @param metric what was measured ({@code connects_per_s}, {@code p99_ms}, ...)
 * @param value the figure; null when the scenario could not run (then {@code note} says why)
 * @param unit its unit
 * @param better {@code higher} or {@code lower}: which way is better
 * @param note a remark (failures, caps), or null
 */
record Result(String scenario, String broker, String auth, String metric, Double value, String unit, String better,
    String note) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Result higher(String scenario, Target target, String auth, String metric, double value, String unit) {
    return new Result(scenario, target.name(), auth, metric, round(value), unit, "higher", null);
  }

  static Result lower(String scenario, Target target, String auth, String metric, double value, String unit) {
    return new Result(scenario, target.name(), auth, metric, round(value), unit, "lower", null);
  }

  static Result missing(String scenario, Target target, String auth, String metric, String unit, String better,
      String why) {
    return new Result(scenario, target.name(), auth, metric, null, unit, better, why);
  }

  Result withNote(String newNote) {
    return new Result(scenario, broker, auth, metric, value, unit, better, newNote);
  }

  String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("scenario", scenario).put("broker", broker).put("auth", auth).put("metric", metric);
    if (value == null) {
      o.putNull("value");
    } else {
      o.put("value", value);
    }
    o.put("unit", unit).put("better", better);
    if (note != null) {
      o.put("note", note);
    }
    return o.toString();
  }

  // Three significant decimals are more than the noise of any of these figures.
  private static double round(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return v;
    }
    double scale = Math.abs(v) >= 100 ? 1 : Math.abs(v) >= 1 ? 100 : 10_000;
    return Math.round(v * scale) / scale;
  }
}
