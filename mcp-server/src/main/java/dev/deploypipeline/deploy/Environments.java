package dev.deploypipeline.deploy;

import dev.deploypipeline.config.EnvironmentSpec;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.deploy.NextStep.Action;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.State;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What runs where, from the store: per environment the deployment it currently runs (the newest that reached it
 * and was not rolled back), who approved that one, and the newest deployment that touched it at all.
 */
public final class Environments {
  /** How far back the store is read for an environment's current deployment. */
  static final int LOOKBACK = 200;

  private final DeploymentService service;

  public Environments(DeploymentService service) {
    this.service = service;
  }

  public List<Map<String, Object>> all() {
    PipelineConfig config = service.config();
    return config.environmentNames().stream().map(name -> view(config, name)).toList();
  }

  public Map<String, Object> one(String name) {
    List<String> names = service.config().environmentNames();
    if (!names.contains(name)) {
      throw new DeployException(DeployException.Kind.NOT_FOUND, "no environment '" + name + "'; the pipeline has "
          + String.join(", ", names), NextStep.of("see what ran in each with {0}",
          Action.history()));
    }
    return view(service.config(), name);
  }

  private Map<String, Object> view(PipelineConfig config, String name) {
    EnvironmentSpec spec = config.environment(name);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("configured", spec != null);
    if (spec != null) {
      m.put("strategy", spec.progressive() ? spec.strategyOrDefault().type()
          : spec.composeTarget() ? "compose" : "command");
      if (spec.healthCheck() != null) m.put("healthCheck", true);
    }
    List<DeploymentSummary> there = service.store().history(new HistoryQuery(config.service(), name, null, null,
        LOOKBACK));
    DeploymentSummary current = current(there);
    m.put("current", current == null ? null : current(current));
    m.put("lastDeployment", there.isEmpty() ? null : Views.summary(there.get(0)));
    return m;
  }

  /** What runs in {@code environment} now: the newest deployment that reached it and was not rolled back. */
  static java.util.Optional<DeploymentSummary> current(dev.deploypipeline.store.DeploymentStore store, String service,
      String environment) {
    return java.util.Optional.ofNullable(current(store.history(new HistoryQuery(service, environment, null, null,
        LOOKBACK))));
  }

  private static DeploymentSummary current(List<DeploymentSummary> there) {
    return there.stream().filter(s -> !State.ROLLED_BACK.equals(s.state())).findFirst().orElse(null);
  }

  private Map<String, Object> current(DeploymentSummary s) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("deploymentId", s.id());
    c.put("version", s.version());
    c.put("commit", s.commit());
    c.put("branch", s.branch());
    c.put("state", s.state().id());
    c.put("startedBy", s.startedBy());
    c.put("deployedAt", s.updatedAt() == null ? null : s.updatedAt().toString());
    Deployment d = service.store().find(s.id()).orElse(null);
    if (d != null && d.approval() != null && d.approval().actor() != null) c.put("approvedBy", d.approval().actor());
    return c;
  }
}
