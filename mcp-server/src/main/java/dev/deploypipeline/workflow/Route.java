package dev.deploypipeline.workflow;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What one deployment runs: optionally the build stages (validate, build, test), then the steps of the promotion
 * path in order. A step is one environment or a parallel group (deployed concurrently). At most one step carries an
 * approval gate: one approval covers that step and every later one, as the seed's single prod approval did, so a
 * path such as staging → [prod-eu, prod-us] asks once before the prod regions. The state machine is generated from
 * a route ({@link TransitionTable#of(Route)}).
 */
public record Route(boolean build, List<Step> steps) {

  /** One step: its environments (one, or a parallel group) and whether an approval gate comes before it. */
  public record Step(List<String> environments, boolean gate) {
    public Step {
      if (environments == null || environments.isEmpty()) {
        throw new IllegalArgumentException("a step needs at least one environment");
      }
      environments = List.copyOf(environments);
    }

    /** The step's name: its environments joined by '+' ({@code prod-eu+prod-us}). */
    public String name() {
      return String.join("+", environments);
    }

    /** Whether several environments are deployed concurrently in this step. */
    @JsonIgnore
    public boolean isParallel() {
      return environments.size() > 1;
    }

    /** The state in which this step's environments are deployed. */
    public State state() {
      return State.deploying(name());
    }

    /** The event that finishes this step. */
    public Event deployedEvent() {
      return Event.deployed(name());
    }
  }

  /** The seed's path: build, dev, staging, then prod behind an approval. */
  public static final Route DEFAULT = new Route(true,
      List.of(new Step(List.of("dev"), false), new Step(List.of("staging"), false), new Step(List.of("prod"), true)));

  public Route {
    if (steps == null || steps.isEmpty()) throw new IllegalArgumentException("a route needs at least one step");
    steps = List.copyOf(steps);
    Set<String> seen = new HashSet<>();
    int gates = 0;
    for (Step s : steps) {
      for (String e : s.environments()) {
        if (!seen.add(e)) throw new IllegalArgumentException("environment '" + e + "' appears twice on the route");
      }
      if (s.gate()) gates++;
    }
    if (gates > 1) throw new IllegalArgumentException("a route has at most one approval gate; found " + gates);
  }

  /**
   * The route of a full run along {@code path}: the build stages, then every step, with the gate before the first
   * step that holds an environment whose approval is required ({@code gated}).
   */
  public static Route of(List<List<String>> path, Predicate<String> gated) {
    List<Step> steps = new ArrayList<>();
    boolean gateSet = false;
    for (List<String> envs : path) {
      boolean gate = !gateSet && envs.stream().anyMatch(gated);
      gateSet |= gate;
      steps.add(new Step(envs, gate));
    }
    return new Route(true, steps);
  }

  /** One environment, without the build stages: {@code pending → deploying-<env> → completed}, gated if asked. */
  public static Route single(String environment, boolean gate) {
    return new Route(false, List.of(new Step(List.of(environment), gate)));
  }

  /** Promotion to some steps, without the build stages; the gate, if any, comes before the first step. */
  public static Route steps(List<List<String>> steps, boolean gate) {
    List<Step> list = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) list.add(new Step(steps.get(i), gate && i == 0));
    return new Route(false, list);
  }

  @JsonIgnore
  public boolean isDefault() {
    return equals(DEFAULT);
  }

  /** Every environment on the route, in order. */
  public List<String> environments() {
    return steps.stream().flatMap(s -> s.environments().stream()).toList();
  }

  /** The step with the approval gate, if any. */
  public Optional<Step> gatedStep() {
    return steps.stream().filter(Step::gate).findFirst();
  }

  /** The step deployed in {@code state}, if it is one of this route's deploying states. */
  public Optional<Step> stepOf(State state) {
    return steps.stream().filter(s -> s.state().equals(state)).findFirst();
  }

  /** The environments of the gated step and every later one (empty without a gate): one approval releases them. */
  public List<String> environmentsFromGate() {
    int g = steps.indexOf(gatedStep().orElse(null));
    return g < 0 ? List.of() : steps.subList(g, steps.size()).stream().flatMap(s -> s.environments().stream()).toList();
  }

  /** The environments deployed before the gate, or all of them without one: a start alone releases them. */
  public List<String> environmentsBeforeGate() {
    List<String> all = environments();
    return all.subList(0, all.size() - environmentsFromGate().size());
  }

  /** Whether {@code state} deploys the gated step or a later one (these need the approval on the audit trail). */
  public boolean isAfterGate(State state) {
    Optional<Step> step = stepOf(state);
    return step.isPresent() && gatedStep().isPresent() && steps.indexOf(step.get()) >= steps.indexOf(gatedStep().get());
  }

  /** The last step (the environment a run ends in; Dora counts it as production). */
  public Step lastStep() {
    return steps.get(steps.size() - 1);
  }
}
