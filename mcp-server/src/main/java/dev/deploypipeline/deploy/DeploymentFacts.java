package dev.deploypipeline.deploy;

import dev.deploypipeline.engine.ProgressiveStage;
import dev.deploypipeline.workflow.Deployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Facts about one deployment that the web front ends show beside {@link Views#deployment}. */
public final class DeploymentFacts {
  private DeploymentFacts() {}

  /** Whether {@code d} waits for a human's decision: at the prod gate, or a rollout parked for one. */
  public static boolean awaitsDecision(Deployment d) {
    return d.state().isGate() || ProgressiveStage.parked(d).isPresent();
  }

  /** Each environment's release with its rollout (weights, error rate, verdicts) where it had one. */
  public static List<Map<String, Object>> releases(Deployment d) {
    List<Map<String, Object>> out = new ArrayList<>();
    d.releases().forEach(r -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("environment", r.environment());
      x.put("version", d.version());
      x.put("deployed", r.deployedAt() != null);
      if (r.deployedAt() != null) x.put("deployedAt", r.deployedAt().toString());
      if (r.previousVersion() != null) x.put("previousVersion", r.previousVersion());
      if (r.rollout() != null) x.put("rollout", RolloutView.of(r.environment(), r.rollout()));
      out.add(x);
    });
    return out;
  }
}
