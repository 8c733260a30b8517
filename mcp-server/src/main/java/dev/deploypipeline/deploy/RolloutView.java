package dev.deploypipeline.deploy;

import dev.deploypipeline.workflow.Rollout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A rollout as deploy_status shows it: phase, step, weights, the last measured error rate and every verdict. */
final class RolloutView {
  private RolloutView() {}

  static Map<String, Object> of(String environment, Rollout r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("environment", environment);
    m.put("strategy", r.strategy());
    m.put("phase", r.phase().id());
    m.put("step", r.step() + 1);
    m.put("steps", r.steps());
    if (r.waitingFor() != null) m.put("waitingFor", r.waitingFor());
    if (r.stableVersion() != null) m.put("stableVersion", r.stableVersion());
    m.put("newVersion", r.newVersion());
    m.put("newPercent", r.newPercent());
    m.put("weights", r.weights().stream().map(w -> Map.<String, Object>of("address", w.address(),
        "weight", w.weight())).toList());
    m.put("instances", r.instances().stream().filter(i -> !i.stopped()).map(i -> Map.<String, Object>of(
        "role", i.role(), "slot", i.slot(), "version", i.version(), "address", i.address(), "pid", i.pid())).toList());
    lastErrorRate(r).ifPresent(e -> m.put("errorRate", e));
    m.put("verdicts", r.verdicts().stream().map(RolloutView::verdict).toList());
    if (r.reason() != null) m.put("reason", r.reason());
    if (r.warmUntil() != null) m.put("warmUntil", r.warmUntil().toString());
    if (r.rollback() != null) {
      m.put("rollback", Map.of("kind", r.rollback().kind(), "toVersion", String.valueOf(r.rollback().toVersion()),
          "durationMs", r.rollback().durationMs()));
    }
    return m;
  }

  private static Map<String, Object> verdict(Rollout.Verdict v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", v.at());
    m.put("verdict", v.verdict());
    if (v.failingCheck() != null) m.put("failingCheck", v.failingCheck());
    if (v.approvedBy() != null) m.put("approvedBy", v.approvedBy());
    List<Map<String, Object>> metrics = v.metrics().stream().map(x -> {
      Map<String, Object> y = new LinkedHashMap<>();
      y.put("name", x.name());
      y.put("verdict", x.verdict());
      y.put("measured", x.measured());
      if (x.detail() != null) y.put("detail", x.detail());
      return y;
    }).toList();
    m.put("metrics", metrics);
    return m;
  }

  /** The error rate of the last analysis that measured one (the router's counters over its last interval). */
  private static java.util.Optional<Object> lastErrorRate(Rollout r) {
    for (int i = r.verdicts().size() - 1; i >= 0; i--) {
      for (Rollout.Metric x : r.verdicts().get(i).metrics()) {
        if (x.name().equals("error-rate") && x.measured().get("errorRate") != null) {
          return java.util.Optional.of(x.measured().get("errorRate"));
        }
      }
    }
    return java.util.Optional.empty();
  }
}
