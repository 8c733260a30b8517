package dev.deploypipeline.compose;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** All findings, sorted by file, line and column, and the files that were read (in merge order). */
public record ComposeReport(List<Finding> findings, List<String> files) {
  public ComposeReport {
    findings = List.copyOf(findings);
    files = List.copyOf(files);
  }

  public long errorCount() {
    return findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
  }

  public long warningCount() {
    return findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
  }

  public boolean valid() {
    return errorCount() == 0;
  }

  public String summary() {
    return (valid() ? "valid" : "invalid") + ": " + errorCount() + " error(s), " + warningCount() + " warning(s) in "
        + files.size() + " file(s)";
  }

  /** The wire shape shared by the MCP tool's structuredContent and the CLI's --json output. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("valid", valid());
    m.put("errors", errorCount());
    m.put("warnings", warningCount());
    m.put("findings", findings.stream().map(ComposeReport::findingMap).toList());
    m.put("files", files);
    return m;
  }

  private static Map<String, Object> findingMap(Finding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", f.file());
    m.put("line", f.line());
    m.put("column", f.column());
    m.put("ruleId", f.ruleId());
    m.put("severity", f.severity().label());
    m.put("message", f.message());
    if (f.hint() != null) m.put("hint", f.hint());
    return m;
  }
}
