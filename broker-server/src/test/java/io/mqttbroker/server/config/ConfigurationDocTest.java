package io.mqttbroker.server.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/configuration.md must list every key with its environment variable and default (scripts/gen-config-doc.py). */
class ConfigurationDocTest {

  @Test
  void everyKeyIsDocumentedWithItsEnvironmentVariableAndDefault() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"), StandardCharsets.UTF_8);
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, String> e : Settings.of(Map.of()).asMap().entrySet()) {
      String row = "| `" + e.getKey() + "` | `" + Settings.envName(e.getKey()) + "` | "
          + (e.getValue().isEmpty() ? "(empty)" : "`" + e.getValue() + "`") + " |";
      if (!doc.contains(row)) {
        missing.add(e.getKey());
      }
    }
    assertTrue(missing.isEmpty(), "not (or wrongly) documented in docs/configuration.md - run "
        + "python3 scripts/gen-config-doc.py: " + missing);
  }
}
