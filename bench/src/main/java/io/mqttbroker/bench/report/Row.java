package io.mqttbroker.bench.report;

/**
 * One figure of the subject broker beside the same figure of the baseline.
 *
 * @param scenario the scenario
 * @param auth the subject's authentication in it
 * @param metric the metric
 * @param unit its unit
 * @param higherIsBetter which way is better
 * @param subject the subject's value, or null
 * @param baseline the baseline's value, or null
 * @param note the subject's or the baseline's remark, or null
 */
record Row(String scenario, String auth, String metric, String unit, boolean higherIsBetter, Double subject,
    Double baseline, String note) {

  /** subject / baseline, or null when one of them is missing or the baseline is 0. */
  Double ratio() {
    if (subject == null || baseline == null || baseline == 0) {
      return null;
    }
    return subject / baseline;
  }

  /** How many times better the subject is (above 1: it leads), whichever way is better; null without a ratio. */
  Double lead() {
    Double r = ratio();
    if (r == null || r == 0) {
      return r;
    }
    return higherIsBetter ? r : 1 / r;
  }

  /** Whether this row is a CPU-cost figure (reported, not one of the targets). */
  boolean isCost() {
    return metric.startsWith("broker_cpu");
  }

  String label() {
    return scenario + (auth.isEmpty() ? "" : " (" + auth + ")") + " " + metric;
  }
}
