package dev.deploypipeline.rollbackplan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rollback plan: {@code possible} false (with {@code reason}) when there is nothing to go back to; else the
 * versions, the image changes, what cannot be undone, the steps and checks, and the two renderings.
 */
public record RollbackPlan(String service, String environment, boolean possible, String reason,
    PlanInput.Release from, PlanInput.Release to, List<ImageTags.Change> images, List<Irreversible> irreversible,
    List<String> steps, List<String> verify, String caddy, String markdown, String script) {

  public RollbackPlan {
    images = List.copyOf(images);
    irreversible = List.copyOf(irreversible);
    steps = List.copyOf(steps);
    verify = List.copyOf(verify);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("service", service);
    m.put("environment", environment);
    m.put("possible", possible);
    if (reason != null) m.put("reason", reason);
    if (from != null) m.put("from", release(from));
    if (to != null) m.put("to", release(to));
    m.put("images", images.stream().map(i -> Map.<String, Object>of("service", i.service(), "from", i.from(),
        "to", i.to(), "versioned", i.versioned())).toList());
    m.put("irreversible", irreversible.stream().map(Irreversible::toMap).toList());
    m.put("steps", steps);
    m.put("verify", verify);
    if (caddy != null) m.put("caddy", caddy);
    m.put("markdown", markdown);
    m.put("script", script);
    return m;
  }

  private static Map<String, Object> release(PlanInput.Release r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deploymentId", r.deploymentId());
    m.put("version", r.version());
    if (r.commit() != null) m.put("commit", r.commit());
    return m;
  }
}
