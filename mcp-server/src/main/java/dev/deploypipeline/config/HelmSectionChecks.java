package dev.deploypipeline.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code helm} executor needs the {@code helm} section, and each environment it deploys needs its namespace
 * there; the build and test stages have nothing for helm to do.
 */
final class HelmSectionChecks {
  private HelmSectionChecks() {}

  static List<String> check(PipelineConfig c) {
    List<String> p = new ArrayList<>();
    boolean used = false;
    for (String key : List.of("build", "test")) {
      StageSpec s = c.stage(key);
      if (s != null && !s.isSkipped() && "helm".equals(executor(c, s))) {
        p.add("stages." + key + ".executor: 'helm' runs only the validate stage, deploys and rollbacks; use 'local' "
            + "for " + key);
      }
    }
    used |= c.stage("validate") != null && "helm".equals(executor(c, c.stage("validate")));
    for (String env : c.environmentNames()) {
      EnvironmentSpec e = c.environment(env);
      if (e == null) continue;
      for (var entry : java.util.Map.of("deploy", e.deploy() == null ? skipped() : e.deploy(),
          "rollback", e.rollback() == null ? skipped() : e.rollback()).entrySet()) {
        StageSpec s = entry.getValue();
        if (s.isSkipped() || !"helm".equals(executor(c, s))) continue;
        used = true;
        if (c.helm() != null && c.helm().environment(env) == null) {
          p.add("helm.environments." + env + ": is missing, but environments." + env + "." + entry.getKey()
              + " runs on the helm executor; add {\"namespace\": \"...\", \"values\": [\"values-" + env + ".yaml\"]}");
        }
      }
    }
    if (used && c.helm() == null) {
      p.add("helm: is missing, but a stage runs on the helm executor; add {\"chart\": \"chart\", \"environments\": "
          + "{\"dev\": {\"namespace\": \"dev\", \"values\": [\"values-dev.yaml\"]}, ...}}");
    }
    if (c.helm() != null) p.addAll(c.helm().problems("helm"));
    return p;
  }

  private static String executor(PipelineConfig c, StageSpec s) {
    return s.executor() != null ? s.executor() : c.executorName();
  }

  private static StageSpec skipped() {
    return new StageSpec(null, null, null, true, null, null, null);
  }
}
