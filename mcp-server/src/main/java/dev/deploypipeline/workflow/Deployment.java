package dev.deploypipeline.workflow;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A deployment: immutable; every change makes a new value with {@code revision + 1} when stored. Pure data so
 * that the workflow can apply events to it without I/O; the store persists it as JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Deployment(
    int schemaVersion,
    String id,
    String service,
    String branch,
    String commit,
    String version,
    State state,
    String startedBy,
    Instant createdAt,
    Instant updatedAt,
    long revision,
    List<StageRun> stages,
    List<Release> releases,
    Approval approval,
    String error,
    String rollbackReason,
    Lease lease,
    Instant commitAt,
    // Null for the default path, and so absent from JSON: records written before routes existed read back unchanged.
    Route route) {

  public static final int SCHEMA_VERSION = 1;

  /** Without {@code commitAt}: records written before it was kept, and callers that do not know it. */
  public Deployment(int schemaVersion, String id, String service, String branch, String commit, String version,
      State state, String startedBy, Instant createdAt, Instant updatedAt, long revision, List<StageRun> stages,
      List<Release> releases, Approval approval, String error, String rollbackReason, Lease lease) {
    this(schemaVersion, id, service, branch, commit, version, state, startedBy, createdAt, updatedAt, revision, stages,
        releases, approval, error, rollbackReason, lease, null);
  }

  /** Without a route: the default path. */
  public Deployment(int schemaVersion, String id, String service, String branch, String commit, String version,
      State state, String startedBy, Instant createdAt, Instant updatedAt, long revision, List<StageRun> stages,
      List<Release> releases, Approval approval, String error, String rollbackReason, Lease lease, Instant commitAt) {
    this(schemaVersion, id, service, branch, commit, version, state, startedBy, createdAt, updatedAt, revision, stages,
        releases, approval, error, rollbackReason, lease, commitAt, null);
  }

  public Deployment {
    if (route != null && route.isDefault()) route = null;
    stages = stages == null ? List.of() : List.copyOf(stages);
    releases = releases == null ? List.of() : List.copyOf(releases);
  }

  public static Deployment create(String id, String service, String branch, String commit, String version,
      String startedBy, Instant now) {
    return new Deployment(SCHEMA_VERSION, id, service, branch, commit, version, State.PENDING, startedBy, now, now, 0,
        List.of(), List.of(), null, null, null, null);
  }

  /** Applies {@code event} by the transition table; throws {@link IllegalTransitionException} if it is illegal. */
  public Deployment apply(Event event, Instant now) {
    return withState(table().target(state, event), now);
  }

  /** The route this deployment runs; the default path when none was recorded. */
  public Route routeOrDefault() {
    return route == null ? Route.DEFAULT : route;
  }

  /** The state machine of this deployment's route. */
  public TransitionTable table() {
    return TransitionTable.of(routeOrDefault());
  }

  public Deployment withRoute(Route r) {
    return new Deployment(schemaVersion, id, service, branch, commit, version, state, startedBy, createdAt, updatedAt,
        revision, stages, releases, approval, error, rollbackReason, lease, commitAt, r);
  }

  public Deployment withState(State next, Instant now) {
    return new Deployment(schemaVersion, id, service, branch, commit, version, next, startedBy, createdAt, now,
        revision, stages, releases, approval, error, rollbackReason, lease, commitAt, route);
  }

  public Deployment withRevision(long r) {
    return new Deployment(schemaVersion, id, service, branch, commit, version, state, startedBy, createdAt, updatedAt,
        r, stages, releases, approval, error, rollbackReason, lease, commitAt, route);
  }

  /** Replaces the run of the same stage name, or appends it. */
  public Deployment withStage(StageRun run, Instant now) {
    List<StageRun> list = new ArrayList<>(stages);
    int i = indexOfStage(run.stage());
    if (i >= 0) list.set(i, run);
    else list.add(run);
    return new Deployment(schemaVersion, id, service, branch, commit, version, state, startedBy, createdAt, now,
        revision, list, releases, approval, error, rollbackReason, lease, commitAt, route);
  }

  public Deployment withRelease(Release r, Instant now) {
    List<Release> list = new ArrayList<>(releases);
    list.removeIf(x -> x.environment().equals(r.environment()));
    list.add(r);
    return new Deployment(schemaVersion, id, service, branch, commit, version, state, startedBy, createdAt, now,
        revision, stages, list, approval, error, rollbackReason, lease, commitAt, route);
  }

  /** Without the release of {@code environment}: it was restored, so nothing of this deployment runs there. */
  public Deployment withoutRelease(String environment, Instant now) {
    List<Release> list = new ArrayList<>(releases);
    list.removeIf(x -> x.environment().equals(environment));
    return new Deployment(schemaVersion, id, service, branch, commit, version, state, startedBy, createdAt, now,
        revision, stages, list, approval, error, rollbackReason, lease, commitAt, route);
  }

  public Deployment withApproval(Approval a, Instant now) {
    return new Deployment(schemaVersion, id, service, branch, commit, version, state, startedBy, createdAt, now,
        revision, stages, releases, a, error, rollbackReason, lease, commitAt, route);
  }

  public Deployment withError(String e, Instant now) {
    return new Deployment(schemaVersion, id, service, branch, commit, version, state, startedBy, createdAt, now,
        revision, stages, releases, approval, e, rollbackReason, lease, commitAt, route);
  }

  public Deployment withRollbackReason(String reason, Instant now) {
    return new Deployment(schemaVersion, id, service, branch, commit, version, state, startedBy, createdAt, now,
        revision, stages, releases, approval, error, reason, lease, commitAt, route);
  }

  public Deployment withLease(Lease l) {
    return new Deployment(schemaVersion, id, service, branch, commit, version, state, startedBy, createdAt, updatedAt,
        revision, stages, releases, approval, error, rollbackReason, l, commitAt, route);
  }

  /**
   * The same deployment with the commit's committer time (from git at start), the start of its lead time for
   * changes; null when git could not tell.
   */
  public Deployment withCommitAt(Instant at) {
    return new Deployment(schemaVersion, id, service, branch, commit, version, state, startedBy, createdAt, updatedAt,
        revision, stages, releases, approval, error, rollbackReason, lease, at, route);
  }

  public Optional<StageRun> stage(String name) {
    int i = indexOfStage(name);
    return i < 0 ? Optional.empty() : Optional.of(stages.get(i));
  }

  private int indexOfStage(String name) {
    for (int i = 0; i < stages.size(); i++) if (stages.get(i).stage().equals(name)) return i;
    return -1;
  }

  @JsonIgnore
  public boolean isActive() {
    return !state.isTerminal();
  }
}
