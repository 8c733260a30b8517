package dev.deploypipeline.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A progressive rollout's progress in one environment, saved on the {@link Release} at every step so that the next
 * server knows which instances run, how traffic is split and what was measured. Everything here is data.
 *
 * @param step index of the current canary step (0-based); for other strategies the batch or 0
 * @param waitingFor why a {@link RolloutPhase#PAUSED} rollout waits: {@code time} (until {@code resumeAt}) or
 *     {@code approval}
 * @param instances every instance this rollout started or adopted (stable and new), with what a restarted server
 *     needs to find them
 * @param weights the split last confirmed from the router
 * @param warmUntil blue-green: the old colour stays running until then, so rolling back is a switch
 * @param rollback set once the environment was rolled back after this rollout: how, to what, how long it took
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rollout(String strategy, RolloutPhase phase, int step, int steps, String stableVersion,
    String newVersion, String waitingFor, Instant resumeAt, List<Member> instances, List<Weight> weights,
    List<Verdict> verdicts, Instant startedAt, Instant endedAt, Instant warmUntil, String reason, Rollback rollback) {

  /** One instance; {@code role} is {@code stable} or {@code new}, {@code slot} blue/green/stable/canary/index. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Member(String id, String role, String slot, String version, String address, long pid,
      Instant processStart, String log, boolean stopped) {
    public Member asStopped() {
      return new Member(id, role, slot, version, address, pid, processStart, log, true);
    }
  }

  /** A rollback of the environment: {@code kind} is {@code switch} (blue-green) or {@code redeploy}. */
  public record Rollback(String kind, String toVersion, long durationMs, Instant at, String actor) {}

  public Rollout withRollback(Rollback b) {
    return new Rollout(strategy, phase, step, steps, stableVersion, newVersion, waitingFor, resumeAt, instances,
        weights, verdicts, startedAt, endedAt, warmUntil, reason, b);
  }

  /** The rollout with its last verdict accepted by {@code by}. */
  public Rollout approvingLastVerdict(String by) {
    if (verdicts.isEmpty()) return this;
    List<Verdict> list = new ArrayList<>(verdicts);
    list.set(list.size() - 1, list.get(list.size() - 1).approved(by));
    return new Rollout(strategy, phase, step, steps, stableVersion, newVersion, waitingFor, resumeAt, instances,
        weights, list, startedAt, endedAt, warmUntil, reason, rollback);
  }

  /** A share of traffic on one upstream address. */
  public record Weight(String address, int weight) {}

  /**
   * One analysis's outcome: where it ran ({@code pre-promotion}, {@code step-2}, {@code post-promotion}...), the
   * worst metric's verdict, the metric that decided it, and every metric with its measured numbers.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Verdict(String at, String verdict, String failingCheck, List<Metric> metrics, Instant measuredAt,
      String approvedBy) {
    public Verdict {
      metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }

    public Verdict(String at, String verdict, String failingCheck, List<Metric> metrics, Instant measuredAt) {
      this(at, verdict, failingCheck, metrics, measuredAt, null);
    }

    /** An inconclusive verdict a human accepted (it is not turned into a pass: the record keeps both). */
    public Verdict approved(String by) {
      return new Verdict(at, verdict, failingCheck, metrics, measuredAt, by);
    }
  }

  /** A metric's verdict over its measurements, with the last measured numbers ({@code errorRate}, {@code p95Ms}...). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Metric(String name, String verdict, Map<String, Object> measured, String detail) {}

  public Rollout {
    instances = instances == null ? List.of() : List.copyOf(instances);
    weights = weights == null ? List.of() : List.copyOf(weights);
    verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
  }

  public static Rollout start(String strategy, int steps, String stableVersion, String newVersion, Instant now) {
    return new Rollout(strategy, RolloutPhase.STARTING, 0, steps, stableVersion, newVersion, null, null, List.of(),
        List.of(), List.of(), now, null, null, null, null);
  }

  /** Moves the phase by the rollout table; throws {@link IllegalStateException} on an illegal event. */
  public Rollout apply(RolloutEvent event, Instant now) {
    RolloutPhase next = RolloutTable.next(phase, event);
    return new Rollout(strategy, next, step, steps, stableVersion, newVersion,
        next == RolloutPhase.PAUSED ? waitingFor : null, next == RolloutPhase.PAUSED ? resumeAt : null, instances,
        weights, verdicts, startedAt, next.isTerminal() ? now : endedAt, warmUntil, reason, rollback);
  }

  public Rollout waiting(String why, Instant until) {
    return new Rollout(strategy, phase, step, steps, stableVersion, newVersion, why, until, instances, weights,
        verdicts, startedAt, endedAt, warmUntil, reason, rollback);
  }

  public Rollout atStep(int s) {
    return new Rollout(strategy, phase, s, steps, stableVersion, newVersion, waitingFor, resumeAt, instances, weights,
        verdicts, startedAt, endedAt, warmUntil, reason, rollback);
  }

  public Rollout withInstances(List<Member> list) {
    return new Rollout(strategy, phase, step, steps, stableVersion, newVersion, waitingFor, resumeAt, list, weights,
        verdicts, startedAt, endedAt, warmUntil, reason, rollback);
  }

  public Rollout withMember(Member m) {
    List<Member> list = new ArrayList<>(instances);
    list.removeIf(x -> x.id().equals(m.id()));
    list.add(m);
    return withInstances(list);
  }

  public Rollout withWeights(List<Weight> w) {
    return new Rollout(strategy, phase, step, steps, stableVersion, newVersion, waitingFor, resumeAt, instances, w,
        verdicts, startedAt, endedAt, warmUntil, reason, rollback);
  }

  public Rollout withVerdict(Verdict v) {
    List<Verdict> list = new ArrayList<>(verdicts);
    list.add(v);
    return new Rollout(strategy, phase, step, steps, stableVersion, newVersion, waitingFor, resumeAt, instances,
        weights, list, startedAt, endedAt, warmUntil, reason, rollback);
  }

  public Rollout withWarmUntil(Instant t) {
    return new Rollout(strategy, phase, step, steps, stableVersion, newVersion, waitingFor, resumeAt, instances,
        weights, verdicts, startedAt, endedAt, t, reason, rollback);
  }

  public Rollout withReason(String r) {
    return new Rollout(strategy, phase, step, steps, stableVersion, newVersion, waitingFor, resumeAt, instances,
        weights, verdicts, startedAt, endedAt, warmUntil, r, rollback);
  }

  /** Running (not stopped) instances with this role. */
  public List<Member> live(String role) {
    return instances.stream().filter(m -> m.role().equals(role) && !m.stopped()).toList();
  }

  /** The share of traffic, in percent, that the new release's instances get in {@link #weights}. */
  public int newPercent() {
    int total = weights.stream().mapToInt(Weight::weight).sum();
    if (total == 0) return 0;
    List<String> fresh = instances.stream().filter(m -> m.role().equals("new")).map(Member::address).toList();
    int n = weights.stream().filter(w -> fresh.contains(w.address())).mapToInt(Weight::weight).sum();
    return (int) Math.round(100.0 * n / total);
  }
}
