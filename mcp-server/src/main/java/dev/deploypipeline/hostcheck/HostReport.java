package dev.deploypipeline.hostcheck;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every check in the order run; the host is ready when none failed (warnings and skips are shown, not fatal). */
public record HostReport(List<Check> checks, Thresholds thresholds) {
  public HostReport {
    checks = List.copyOf(checks);
  }

  public boolean ready() {
    return count(Check.Status.FAIL) == 0;
  }

  public long count(Check.Status status) {
    return checks.stream().filter(c -> c.status() == status).count();
  }

  public String summary() {
    return (ready() ? "ready" : "not ready") + ": " + count(Check.Status.OK) + " ok, " + count(Check.Status.WARN)
        + " warning(s), " + count(Check.Status.FAIL) + " failed, " + count(Check.Status.SKIP) + " skipped";
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ready", ready());
    m.put("summary", summary());
    m.put("checks", checks.stream().map(Check::toMap).toList());
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("minFreeDiskMb", thresholds.minFreeDiskMb());
    t.put("minFreeDiskPercent", thresholds.minFreeDiskPercent());
    t.put("minAvailableMemoryMb", thresholds.minAvailableMemoryMb());
    m.put("thresholds", t);
    return m;
  }
}
