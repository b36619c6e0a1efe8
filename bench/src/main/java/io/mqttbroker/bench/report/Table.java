package io.mqttbroker.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The markdown table of a comparison, for docs/performance.md. */
final class Table {
  private Table() {}

  static String markdown(List<Row> rows, String subject, String baseline, String title, Optional<String> chart) {
    StringBuilder md = new StringBuilder();
    if (!title.isEmpty()) {
      md.append("Run: ").append(title).append("\n\n");
    }
    chart.ifPresent(c -> md.append("![").append(subject).append(" against ").append(baseline).append("](")
        .append(c).append(")\n\n"));
    md.append("| scenario | auth (").append(subject).append(") | metric | ").append(subject).append(" | ")
        .append(baseline).append(" | ratio | better | note |\n");
    md.append("|---|---|---|---:|---:|---:|---|---|\n");
    for (Row r : rows) {
      md.append("| ").append(r.scenario()).append(" | ").append(r.auth()).append(" | ").append(r.metric())
          .append(r.unit().isEmpty() ? "" : " (" + r.unit() + ")").append(" | ")
          .append(format(r.subject())).append(" | ").append(format(r.baseline())).append(" | ")
          .append(r.ratio() == null ? "-" : String.format(Locale.ROOT, "%.2fx", r.ratio())).append(" | ")
          .append(r.higherIsBetter() ? "higher" : "lower").append(" | ")
          .append(r.note() == null ? "" : r.note().replace("|", "/")).append(" |\n");
    }
    return md.toString();
  }

  static String format(Double v) {
    if (v == null) {
      return "-";
    }
    double a = Math.abs(v);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
