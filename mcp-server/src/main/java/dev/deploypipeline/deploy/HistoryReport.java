package dev.deploypipeline.deploy;

import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.State;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * History rows plus the figures people ask for: success rate and median durations, including how long rollbacks
 * took (the {@code rollback-<env>} entries of the rows' stage durations), and DORA's four keys ({@link Dora}).
 */
public record HistoryReport(List<DeploymentSummary> deployments, Summary summary, Dora dora) {
  public record Summary(int count, int completed, int failed, int rolledBack, int active, Double successRate,
      Long medianDurationMs, Long medianApprovalWaitMs, Long medianRollbackMs) {}

  static HistoryReport of(List<DeploymentSummary> rows) {
    int completed = 0, failed = 0, rolledBack = 0, active = 0;
    List<Long> durations = new ArrayList<>();
    List<Long> waits = new ArrayList<>();
    List<Long> rollbacks = new ArrayList<>();
    for (DeploymentSummary s : rows) {
      if (s.state().equals(State.COMPLETED)) completed++;
      else if (s.state().equals(State.FAILED)) failed++;
      else if (s.state().equals(State.ROLLED_BACK)) rolledBack++;
      else active++;
      if (s.state() == State.COMPLETED && s.durationMs() != null) durations.add(s.durationMs());
      if (s.approvalWaitMs() != null) waits.add(s.approvalWaitMs());
      if (s.stageDurationsMs() != null) {
        s.stageDurationsMs().forEach((stage, ms) -> {
          if (stage.startsWith("rollback-") && ms != null) rollbacks.add(ms);
        });
      }
    }
    int finished = completed + failed + rolledBack;
    Double rate = finished == 0 ? null : Math.round(1000.0 * completed / finished) / 1000.0;
    return new HistoryReport(rows, new Summary(rows.size(), completed, failed, rolledBack, active, rate,
        median(durations), median(waits), median(rollbacks)), null);
  }

  /** The same report with DORA's four keys for the query's service, environment and period. */
  HistoryReport withDora(Dora d) {
    return new HistoryReport(deployments, summary, d);
  }

  static Long median(List<Long> values) {
    if (values.isEmpty()) return null;
    List<Long> v = new ArrayList<>(values);
    Collections.sort(v);
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }
}
