package dev.deploypipeline.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Where a progressive rollout stands inside its deploying-&lt;env&gt; stage. The deployment's own state stays
 * {@code deploying-<env>} throughout: the rollout is that stage's sub-machine, so stored deployments and the stage
 * table are unchanged. Wire names are kebab-case.
 */
public enum RolloutPhase {
  /** New instances are being started and health-checked. */
  STARTING("starting"),
  /** Traffic is being shifted (a canary weight, a colour switch, a batch). */
  PROMOTING("promoting"),
  /** An analysis is measuring the new release. */
  VERIFYING("verifying"),
  /** Waiting: a timed pause, or a human (an "untilApproved" step or an inconclusive analysis). */
  PAUSED("paused"),
  /** Traffic is going back to stable; the new instances are stopped once that is confirmed. */
  ABORTING("aborting"),
  PROMOTED("promoted"),
  ABORTED("aborted");

  private final String id;

  RolloutPhase(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  public boolean isTerminal() {
    return this == PROMOTED || this == ABORTED;
  }

  @JsonCreator
  static RolloutPhase fromJson(String id) {
    return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown rollout phase '" + id + "'"));
  }

  @Override
  public String toString() {
    return id;
  }
}
