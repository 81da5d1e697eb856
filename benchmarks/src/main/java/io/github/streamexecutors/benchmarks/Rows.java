package io.github.streamexecutors.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Results of the custom measurements (the ones that are not a JMH score): rows of named figures,
 * printed as a table and written as JSON for the report and chart scripts.
 */
final class Rows {

  private final String workload;
  private final List<Map<String, Object>> rows = new ArrayList<>();

  Rows(String workload) {
    this.workload = workload;
  }

  Map<String, Object> add(Alternative alternative) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("alternative", alternative.name());
    rows.add(row);
    return row;
  }

  void print() {
    System.out.println("# " + workload);
    for (Map<String, Object> row : rows) {
      System.out.println(row);
    }
  }

  /** Writes {@code {"workload": ..., "jvm": ..., "cores": ..., "rows": [...]}} to {@code file}. */
  void write(Path file) {
    StringBuilder json = new StringBuilder();
    json.append("{\"workload\": ").append(quote(workload));
    json.append(", \"jvm\": ").append(quote(Runtime.version().toString()));
    json.append(", \"cores\": ").append(Runtime.getRuntime().availableProcessors());
    json.append(", \"rows\": [\n");
    for (int i = 0; i < rows.size(); i++) {
      json.append("  {");
      int field = 0;
      for (Map.Entry<String, Object> entry : rows.get(i).entrySet()) {
        json.append(field++ == 0 ? "" : ", ").append(quote(entry.getKey())).append(": ");
        Object value = entry.getValue();
        json.append(value instanceof Number ? value.toString() : quote(String.valueOf(value)));
      }
      json.append(i == rows.size() - 1 ? "}\n" : "},\n");
    }
    json.append("]}\n");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
