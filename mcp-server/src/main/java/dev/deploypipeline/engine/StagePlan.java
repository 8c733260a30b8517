package dev.deploypipeline.engine;

import dev.deploypipeline.config.EnvironmentSpec;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.config.StageSpec;
import dev.deploypipeline.workflow.State;
import java.util.Map;

/** Which configured spec runs for a stage state, and on which executor. */
public final class StagePlan {
  private static final Map<State, String> STAGE_KEYS =
      Map.of(State.VALIDATING, "validate", State.BUILDING, "build", State.TESTING, "test");

  private StagePlan() {}

  public static StageSpec spec(PipelineConfig c, State s) {
    String key = STAGE_KEYS.get(s);
    if (key != null) return c.stage(key);
    EnvironmentSpec env = c.environment(s.environment().orElseThrow());
    return env == null ? null : env.deploy();
  }

  static String executor(PipelineConfig c, StageSpec spec) {
    return spec.executor() != null ? spec.executor() : c.executorName();
  }
}
