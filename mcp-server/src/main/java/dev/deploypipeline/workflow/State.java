package dev.deploypipeline.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A pipeline state. {@link #id()} is the wire and file name (kebab-case). The eleven seed states are constants; a
 * route with other environments adds {@code deploying-<step>} states (a step is an environment, or a parallel group
 * joined by {@code +}), so this is a value class rather than an enum: two states are equal when their ids are.
 */
public final class State {
  private static final String DEPLOYING = "deploying-";
  private static final String GATE = "awaiting-approval";
  /** An environment name, as config checks it; a step is one or more of them joined by '+'. */
  static final String ENVIRONMENT_NAME = "[a-z][a-z0-9-]{0,30}";
  /** What an environment name may be, everywhere one is taken: it becomes part of state and event names. */
  public static final Pattern ENVIRONMENT_NAME_PATTERN = Pattern.compile(ENVIRONMENT_NAME);
  private static final Pattern STEP = Pattern.compile(ENVIRONMENT_NAME + "(\\+" + ENVIRONMENT_NAME + ")*");

  public static final State PENDING = new State("pending");
  public static final State VALIDATING = new State("validating");
  public static final State BUILDING = new State("building");
  public static final State TESTING = new State("testing");
  public static final State DEPLOYING_DEV = new State("deploying-dev");
  public static final State DEPLOYING_STAGING = new State("deploying-staging");
  public static final State AWAITING_APPROVAL = new State(GATE);
  public static final State DEPLOYING_PROD = new State("deploying-prod");
  public static final State COMPLETED = new State("completed");
  public static final State FAILED = new State("failed");
  public static final State ROLLED_BACK = new State("rolled-back");

  private static final List<State> SEEDS = List.of(PENDING, VALIDATING, BUILDING, TESTING, DEPLOYING_DEV,
      DEPLOYING_STAGING, AWAITING_APPROVAL, DEPLOYING_PROD, COMPLETED, FAILED, ROLLED_BACK);

  private static final Map<String, State> GENERATED = new ConcurrentHashMap<>();

  static {
    for (State s : SEEDS) GENERATED.put(s.id, s);
  }

  private final String id;

  private State(String id) {
    this.id = id;
  }

  /** The state that deploys {@code step} (an environment, or a parallel group joined by '+'). */
  public static State deploying(String step) {
    if (!STEP.matcher(step).matches()) {
      throw new IllegalArgumentException("'" + step + "' is not an environment name or a group of them joined by '+'");
    }
    return intern(DEPLOYING + step);
  }

  /** The approval gate before {@code step}; the default path keeps the seed id {@code awaiting-approval}. */
  public static State awaitingApproval() {
    return AWAITING_APPROVAL;
  }

  @JsonValue
  public String id() {
    return id;
  }

  /** The enum-style name of a seed state ({@code DEPLOYING_DEV}); generated states follow the same pattern. */
  public String name() {
    return id.toUpperCase().replace('-', '_');
  }

  public boolean isTerminal() {
    return this.equals(COMPLETED) || this.equals(FAILED) || this.equals(ROLLED_BACK);
  }

  /** A state in which the engine runs work (a stage), as opposed to waiting or being finished. */
  public boolean isStage() {
    return equals(VALIDATING) || equals(BUILDING) || equals(TESTING) || id.startsWith(DEPLOYING);
  }

  /** Whether this state waits for a human's approval (the gate before a step). */
  public boolean isGate() {
    return id.equals(GATE) || id.startsWith(GATE + "-");
  }

  /** Whether this state deploys a step (one environment or a parallel group). */
  public boolean isDeploying() {
    return id.startsWith(DEPLOYING);
  }

  /** The step a deploying state deploys: {@code dev}, or {@code prod-eu+prod-us} for a parallel group. */
  public Optional<String> step() {
    return isDeploying() ? Optional.of(id.substring(DEPLOYING.length())) : Optional.empty();
  }

  /** The environment a deploying state deploys to, when its step is a single environment. */
  public Optional<String> environment() {
    return step().filter(s -> !s.contains("+"));
  }

  /** The environments of a deploying state's step (empty for any other state). */
  public List<String> environments() {
    return step().map(s -> List.of(s.split("\\+"))).orElse(List.of());
  }

  @JsonCreator
  static State fromJson(String id) {
    return fromId(id).orElseThrow(() -> new IllegalArgumentException(
        "unknown state '" + id + "'; one of " + ids() + " or deploying-<environment>"));
  }

  /** Parses a seed id, or a generated {@code deploying-<step>} / {@code awaiting-approval-<step>} id. */
  public static Optional<State> fromId(String id) {
    if (id == null) return Optional.empty();
    for (State s : SEEDS) if (s.id.equals(id)) return Optional.of(s);
    if (id.startsWith(DEPLOYING) && STEP.matcher(id.substring(DEPLOYING.length())).matches()) {
      return Optional.of(intern(id));
    }
    if (id.startsWith(GATE + "-") && STEP.matcher(id.substring(GATE.length() + 1)).matches()) {
      return Optional.of(intern(id));
    }
    return Optional.empty();
  }

  // One instance per id, so that code comparing states with == stays right for generated states too.
  private static State intern(String id) {
    return GENERATED.computeIfAbsent(id, State::new);
  }

  /** The seed states, in the order of the default path. */
  public static State[] values() {
    return SEEDS.toArray(new State[0]);
  }

  /** The seed ids; generated ids ({@code deploying-<environment>}) are legal too. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(State::id).toList();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof State s && s.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return id;
  }
}
