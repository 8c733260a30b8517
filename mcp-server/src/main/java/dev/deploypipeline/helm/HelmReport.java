package dev.deploypipeline.helm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every finding of one check run, sorted by file and line, with the chart and the environments it covered. */
public record HelmReport(String chart, List<String> environments, List<HelmFinding> findings) {
  public HelmReport {
    environments = List.copyOf(environments);
    findings = List.copyOf(findings);
  }

  public long errorCount() {
    return findings.stream().filter(f -> f.severity() == HelmFinding.Level.ERROR).count();
  }

  public long warningCount() {
    return findings.size() - errorCount();
  }

  public boolean valid() {
    return errorCount() == 0;
  }

  public String summary() {
    return (valid() ? "valid" : "invalid") + ": " + errorCount() + " error(s), " + warningCount() + " warning(s) in "
        + "chart " + chart + " for " + String.join(", ", environments);
  }

  /** The wire shape shared by the MCP tool's structuredContent and the CLI's --json output. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("valid", valid());
    m.put("errors", errorCount());
    m.put("warnings", warningCount());
    m.put("chart", chart);
    m.put("environments", environments);
    m.put("findings", findings.stream().map(HelmFinding::toMap).toList());
    return m;
  }
}
