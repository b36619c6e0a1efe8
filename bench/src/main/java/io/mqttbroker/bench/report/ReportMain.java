package io.mqttbroker.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a results file of the load generator into the comparison: prints each figure of the subject broker with the
 * baseline's and their ratio, rewrites the results section of {@code docs/performance.md} (between its markers) and
 * draws the chart. Usage: {@code ReportMain --results <jsonl> [--subject mqtt-broker] [--baseline mosquitto]
 * [--doc docs/performance.md] [--chart docs/performance.png] [--title <text>]}.
 */
public final class ReportMain {
  static final String BEGIN = "<!-- bench:results:begin -->";
  static final String END = "<!-- bench:results:end -->";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportMain() {}

  public static void main(String[] args) throws IOException {
    Path results = null;
    String subject = "mqtt-broker";
    String baseline = "mosquitto";
    Optional<Path> doc = Optional.empty();
    Optional<Path> chart = Optional.empty();
    String title = "";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--results" -> results = Path.of(args[i + 1]);
        case "--subject" -> subject = args[i + 1];
        case "--baseline" -> baseline = args[i + 1];
        case "--doc" -> doc = Optional.of(Path.of(args[i + 1]));
        case "--chart" -> chart = Optional.of(Path.of(args[i + 1]));
        case "--title" -> title = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (results == null) {
      System.err.println("usage: ReportMain --results <file.jsonl> [--subject <name>] [--baseline <name>] "
          + "[--doc <performance.md>] [--chart <png>] [--title <text>]");
      System.exit(2);
      return;
    }
    List<Row> rows = pair(read(results), subject, baseline);
    for (Row r : rows) {
      System.out.println(line(r, subject, baseline));
    }
    if (chart.isPresent()) {
      Chart.write(rows.stream().filter(r -> !r.isCost() && r.lead() != null).toList(), subject, baseline, title,
          chart.get());
    }
    if (doc.isPresent()) {
      String table = Table.markdown(rows, subject, baseline, title, chart.map(c -> c.getFileName().toString()));
      replaceSection(doc.get(), table);
    }
  }

  private static List<JsonNode> read(Path file) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  /**
   * Every figure of the subject with the baseline's figure of the same scenario and metric (the baseline has one
   * authentication, so the subject's CONNECT storm in each mode meets the same baseline figure). When a figure was
   * measured twice, the last one counts.
   */
  static List<Row> pair(List<JsonNode> lines, String subject, String baseline) {
    List<Row> rows = new ArrayList<>();
    for (JsonNode s : lines) {
      if (!subject.equals(s.path("broker").asText())) {
        continue;
      }
      String scenario = s.path("scenario").asText();
      String metric = s.path("metric").asText();
      String auth = s.path("auth").asText();
      JsonNode b = null;
      for (JsonNode candidate : lines) {
        if (baseline.equals(candidate.path("broker").asText()) && scenario.equals(candidate.path("scenario").asText())
            && metric.equals(candidate.path("metric").asText())) {
          b = candidate;
        }
      }
      rows.removeIf(r -> r.scenario().equals(scenario) && r.metric().equals(metric) && r.auth().equals(auth));
      String note = s.hasNonNull("note") ? s.get("note").asText()
          : b != null && b.hasNonNull("note") ? baseline + ": " + b.get("note").asText() : null;
      rows.add(new Row(scenario, auth, metric, s.path("unit").asText(), !"lower".equals(s.path("better").asText()),
          value(s), b == null ? null : value(b), note));
    }
    return rows;
  }

  private static Double value(JsonNode n) {
    JsonNode v = n.get("value");
    return v == null || !v.isNumber() ? null : v.asDouble();
  }

  private static String line(Row r, String subject, String baseline) {
    String ratio = r.ratio() == null ? "no ratio" : String.format(Locale.ROOT, "ratio %.2f (%s)", r.ratio(),
        r.lead() >= 1 ? subject + " leads" : baseline + " leads");
    return String.format(Locale.ROOT, "%-55s %s %s | %s %s | %s", r.label(), subject, Table.format(r.subject()),
        baseline, Table.format(r.baseline()), ratio);
  }

  private static void replaceSection(Path doc, String section) throws IOException {
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IOException(doc + " has no " + BEGIN + " ... " + END + " section to replace");
    }
    String updated = text.substring(0, begin + BEGIN.length()) + "\n" + section + text.substring(end);
    Files.writeString(doc, updated, StandardCharsets.UTF_8);
  }
}
