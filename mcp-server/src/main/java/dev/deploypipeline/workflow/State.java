package dev.deploypipeline.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The pipeline's states. {@link #id()} is the wire and file name (kebab-case), never the enum name. */
public enum State {
  PENDING("pending"),
  VALIDATING("validating"),
  BUILDING("building"),
  TESTING("testing"),
  DEPLOYING_DEV("deploying-dev"),
  DEPLOYING_STAGING("deploying-staging"),
  AWAITING_APPROVAL("awaiting-approval"),
  DEPLOYING_PROD("deploying-prod"),
  COMPLETED("completed"),
  FAILED("failed"),
  ROLLED_BACK("rolled-back");

  private final String id;

  State(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == ROLLED_BACK;
  }

  /** A state in which the engine runs work (a stage), as opposed to waiting or being finished. */
  public boolean isStage() {
    return StageEvents.successEvent(this).isPresent() && this != AWAITING_APPROVAL;
  }

  /** The environment a deploying-* state deploys to, if any. */
  public Optional<String> environment() {
    return id.startsWith("deploying-") ? Optional.of(id.substring("deploying-".length())) : Optional.empty();
  }

  @JsonCreator
  static State fromJson(String id) {
    return fromId(id).orElseThrow(() -> new IllegalArgumentException("unknown state '" + id + "'; one of " + ids()));
  }

  public static Optional<State> fromId(String id) {
    return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(State::id).toList();
  }

  @Override
  public String toString() {
    return id;
  }
}
