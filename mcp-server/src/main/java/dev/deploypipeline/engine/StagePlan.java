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
    if (env != null && env.deploy() == null && env.composeTarget()) return compose(env);
    return env == null ? null : env.deploy();
  }

  /** The rollback stage of {@code env}: its rollback command, or the compose executor for a Compose target. */
  public static StageSpec rollback(EnvironmentSpec env) {
    if (env != null && env.rollback() == null && env.composeTarget()) return compose(env);
    return env == null ? null : env.rollback();
  }

  /**
   * A Compose target's deploy and rollback run on the compose executor; the stage may take the health wait twice
   * (the new tag, then the old one after a failed verification) plus the pulls and the verification itself.
   */
  private static StageSpec compose(EnvironmentSpec env) {
    int timeout = 2 * env.target().healthTimeout() + 300
        + (env.healthCheck() == null ? 0 : env.healthCheck().timeout());
    return new StageSpec(null, timeout, true, null, COMPOSE_EXECUTOR, null, null);
  }

  /** The executor name a Compose target's stages run on. */
  public static final String COMPOSE_EXECUTOR = "compose";

  static String executor(PipelineConfig c, StageSpec spec) {
    return spec.executor() != null ? spec.executor() : c.executorName();
  }
}
