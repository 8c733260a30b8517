package dev.deploypipeline.deploy;

import dev.deploypipeline.store.DeploymentStore;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.Release;
import dev.deploypipeline.workflow.StageRun;
import dev.deploypipeline.workflow.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * DORA's four keys for one environment (prod unless asked) of one service (or all) over a period, from the store:
 * deployment frequency, lead time for changes, change failure rate and time to restore. Definitions in
 * docs/dashboard.md; every figure is null when the period holds nothing to measure it by.
 *
 * @param deployments deployments that went live in the environment in the period (rolled back later or not)
 * @param changes finished deployments that tried the environment (the change failure rate's denominator)
 * @param failures those that failed there or were rolled back after reaching it
 * @param unrestored failures with no rollback and no good deployment after them yet
 * @param truncated the period held more deployments than were read ({@link #MAX_ROWS}); the figures cover the newest
 */
public record Dora(String service, String environment, Instant since, Instant until, double days, int deployments,
    Double deploymentsPerDay, Long medianLeadTimeMs, int leadTimeSamples, int changes, int failures,
    Double changeFailureRate, Long medianTimeToRestoreMs, int restored, int unrestored, boolean truncated) {
  public static final int MAX_ROWS = 20_000;
  public static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

  /** The four keys for deployments started in [{@code since}, {@code until}]; since null: the last 30 days. */
  public static Dora of(DeploymentStore store, String service, String environment, Instant since, Instant until) {
    String env = environment == null ? "prod" : environment;
    Instant from = since != null ? since : until.minus(DEFAULT_PERIOD);
    List<DeploymentSummary> rows = new ArrayList<>(store.history(new HistoryQuery(service, null, null, from,
        MAX_ROWS)));
    boolean truncated = rows.size() >= MAX_ROWS;
    rows.removeIf(s -> s.createdAt() != null && s.createdAt().isAfter(until));
    rows.sort(Comparator.comparing(DeploymentSummary::createdAt));
    List<Live> live = new ArrayList<>();
    List<Long> leads = new ArrayList<>();
    List<Failure> failed = new ArrayList<>();
    int changes = 0;
    // Only these can have touched the environment; the index alone says nothing about a failed attempt there.
    List<String> touched = rows.stream().filter(s -> s.environments() != null && s.environments().contains(env)
        || s.state() == State.FAILED || s.state() == State.ROLLED_BACK).map(DeploymentSummary::id).toList();
    java.util.Map<String, Deployment> docs = store.findAll(touched);
    for (String id : touched) {
      Deployment d = docs.get(id);
      Release r = d == null ? null : d.releases().stream().filter(x -> env.equals(x.environment())).findFirst()
          .orElse(null);
      if (r == null) continue;
      if (r.deployedAt() != null) {
        live.add(new Live(d.service(), r.deployedAt()));
        if (d.commitAt() != null) leads.add(Math.max(0, Duration.between(d.commitAt(), r.deployedAt()).toMillis()));
      }
      if (!d.state().isTerminal()) continue;
      changes++;
      boolean failure = d.state() == State.ROLLED_BACK || (d.state() == State.FAILED && r.deployedAt() == null);
      if (failure) failed.add(new Failure(d, r.deployedAt() != null ? r.deployedAt() : failedAt(d)));
    }
    List<Long> restores = new ArrayList<>();
    int unrestored = 0;
    for (Failure f : failed) {
      Instant back = f.d().state() == State.ROLLED_BACK ? f.d().updatedAt() : live.stream()
          .filter(l -> l.service().equals(f.d().service()) && l.at().isAfter(f.at())).map(Live::at).min(
              Comparator.naturalOrder()).orElse(null);
      if (back == null) unrestored++;
      else restores.add(Math.max(0, Duration.between(f.at(), back).toMillis()));
    }
    double days = Math.max(Duration.between(from, until).toMillis(), 0) / 86_400_000.0;
    return new Dora(service, env, from, until, round(days), live.size(),
        days == 0 ? null : round(live.size() / days), HistoryReport.median(leads), leads.size(), changes,
        failed.size(), changes == 0 ? null : round((double) failed.size() / changes), HistoryReport.median(restores),
        restores.size(), unrestored, truncated);
  }

  private record Live(String service, Instant at) {}

  private record Failure(Deployment d, Instant at) {}

  /** When the failing stage ended, else when the deployment was last changed. */
  private static Instant failedAt(Deployment d) {
    Instant at = null;
    for (StageRun s : d.stages()) {
      if (StageRun.FAILED.equals(s.status()) && s.endedAt() != null) at = s.endedAt();
    }
    return at != null ? at : d.updatedAt();
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
