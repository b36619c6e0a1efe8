package io.mqttbroker.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mqttbroker.admin.openapi.OpenApiDocument;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/admin-api.md lists exactly the operations of the OpenAPI document (scripts/gen-api-doc.py). */
class AdminApiDocTest {
  private static final Pattern ROW = Pattern.compile("^\\| `(GET|POST|PUT|DELETE|PATCH) (\\S+)` \\|", Pattern.MULTILINE);

  @Test
  void documentationTableMatchesTheOpenApiDocument() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "admin-api.md"), StandardCharsets.UTF_8);
    List<String> documented = new ArrayList<>();
    Matcher m = ROW.matcher(doc);
    while (m.find()) {
      documented.add(m.group(1) + " " + m.group(2));
    }
    List<String> contract = new ArrayList<>();
    var paths = OpenApiDocument.shipped().load().path("paths");
    paths.fieldNames().forEachRemaining(path -> paths.path(path).fieldNames().forEachRemaining(method -> {
      if (List.of("get", "post", "put", "delete", "patch").contains(method)) {
        contract.add(method.toUpperCase() + " " + path);
      }
    }));
    documented.sort(null);
    contract.sort(null);
    assertEquals(contract, documented, "docs/admin-api.md is out of date: run python3 scripts/gen-api-doc.py");
  }
}
