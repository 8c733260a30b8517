package dev.deploypipeline.config;

import dev.deploypipeline.text.DidYouMean;
import dev.deploypipeline.workflow.State;
import java.util.ArrayList;
import java.util.List;

/** Rules that span fields: every stage and environment present, commands where the executor needs them. */
final class SemanticChecks {
  private SemanticChecks() {}

  static List<String> check(PipelineConfig c) {
    List<String> p = new ArrayList<>();
    boolean local = "local".equals(c.executorName());
    if (c.stages() != null) {
      for (String key : c.stages().keySet()) {
        if (!PipelineConfig.STAGE_KEYS.contains(key)) p.add("stages." + key + ": unknown stage" + hint(key,
            PipelineConfig.STAGE_KEYS) + " (stages are " + String.join(", ", PipelineConfig.STAGE_KEYS)
            + "; deploys go under environments.<env>.deploy)");
      }
    }
    for (String key : PipelineConfig.STAGE_KEYS) {
      checkSpec(p, "stages." + key, c.stage(key), local);
    }
    p.addAll(PathChecks.check(c));
    for (String env : c.path() == null ? PipelineConfig.ENVIRONMENTS : c.environmentNames()) {
      EnvironmentSpec e = c.environment(env);
      if (e == null && c.path() != null) continue; // PathChecks names the missing one with its place on the path
      if (e == null) {
        p.add("environments." + env + ": is missing; add {\"deploy\": {\"command\": \"...\"}} or "
            + "{\"deploy\": {\"skip\": true}}");
        continue;
      }
      p.addAll(PolicyChecks.check(env, e));
      if (e.deploy() != null) checkSpec(p, "environments." + env + ".deploy", e.deploy(), local);
      else if (e.target() == null) {
        p.add("environments." + env + ".deploy: is required: add {\"command\": \"...\"} or {\"skip\": true}");
      }
      p.addAll(ProgressiveChecks.check(env, e));
      p.addAll(ComposeTargetChecks.check(env, e));
      if (e.rollback() != null && !e.rollback().isSkipped() && blank(e.rollback().command()) && isLocal(e.rollback(), local)) {
        p.add("environments." + env + ".rollback.command: is required for the local executor (or remove rollback)");
      }
    }
    p.addAll(FlagsChecks.check(c));
    p.addAll(HelmSectionChecks.check(c));
    if (c.retry() != null && c.retry().retryableStates() != null) {
      for (int i = 0; i < c.retry().retryableStates().size(); i++) {
        String s = c.retry().retryableStates().get(i);
        if (State.fromId(s).isEmpty()) {
          p.add("retry.retryableStates[" + i + "]: unknown state '" + s + "'" + hint(s, State.ids())
              + " (states: " + String.join(", ", State.ids()) + ")");
        }
      }
    }
    return p;
  }

  private static void checkSpec(List<String> p, String path, StageSpec s, boolean local) {
    if (s == null) {
      p.add(path + ": is missing; add {\"command\": \"...\"} or {\"skip\": true}");
      return;
    }
    if (s.executor() != null && !s.executor().matches("local|harness|helm")) {
      p.add(path + ".executor: must be 'local', 'harness' or 'helm'");
    }
    if (!s.isSkipped() && blank(s.command()) && isLocal(s, local)) {
      p.add(path + ".command: is required for the local executor (or set \"skip\": true)");
    }
  }

  private static boolean isLocal(StageSpec s, boolean defaultLocal) {
    return s.executor() == null ? defaultLocal : s.executor().equals("local");
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String hint(String word, List<String> known) {
    String c = DidYouMean.closest(word, known);
    return c == null ? "" : "; did you mean '" + c + "'?";
  }
}
