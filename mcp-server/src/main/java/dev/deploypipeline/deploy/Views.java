package dev.deploypipeline.deploy;

import dev.deploypipeline.workflow.Attempt;
import dev.deploypipeline.engine.ProgressiveStage;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.StageRun;
import dev.deploypipeline.workflow.Event;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The structured shapes the front ends return (MCP structuredContent, CLI --json). Complete on their own: state,
 * what happened, and the next step, because Claude Code shows the model nothing else.
 */
public final class Views {
  private static final int TAIL_LINES = 20;

  private Views() {}

  /** {@code voice}: how the front end names the actions of the next step (CLI commands, MCP tool calls). */
  public static Map<String, Object> deployment(Deployment d, Clock clock, NextStep.Voice voice) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deploymentId", d.id());
    m.put("service", d.service());
    m.put("branch", d.branch());
    m.put("commit", d.commit());
    m.put("version", d.version());
    m.put("state", d.state().id());
    m.put("startedBy", d.startedBy());
    m.put("createdAt", d.createdAt().toString());
    m.put("updatedAt", d.updatedAt().toString());
    m.put("elapsedMs", Duration.between(d.createdAt(), d.state().isTerminal() ? d.updatedAt() : clock.instant())
        .toMillis());
    if (d.error() != null) m.put("error", d.error());
    if (d.rollbackReason() != null) m.put("rollbackReason", d.rollbackReason());
    List<Map<String, Object>> stages = new ArrayList<>();
    for (StageRun s : d.stages()) stages.add(stage(s));
    m.put("stages", stages);
    StageRun focus = focus(d);
    if (focus != null && focus.logFile() != null) {
      m.put("logStage", focus.stage());
      m.put("logTail", tail(focus.logFile()));
    }
    if (d.approval() != null) m.put("approval", approval(d));
    List<Map<String, Object>> releases = new ArrayList<>();
    d.releases().forEach(r -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("environment", r.environment());
      x.put("deployed", r.deployedAt() != null);
      if (r.previousVersion() != null) x.put("previousVersion", r.previousVersion());
      if (r.previousDeploymentId() != null) x.put("previousDeploymentId", r.previousDeploymentId());
      if (r.rollout() != null) x.put("strategy", r.rollout().strategy());
      releases.add(x);
    });
    m.put("environments", releases);
    // The rollout of the environment being deployed, else the newest one: step, weights, error rate, verdicts.
    d.releases().stream().filter(r -> r.rollout() != null)
        .filter(r -> d.state().environment().map(r.environment()::equals).orElse(true))
        .reduce((a, b) -> b).ifPresent(r -> m.put("rollout", RolloutView.of(r.environment(), r.rollout())));
    if (d.lease() != null) m.put("driver", d.lease().owner());
    m.put("stalled", stalled(d, clock));
    m.put("legalEvents", d.table().eventsFrom(d.state()).stream().map(Event::name).sorted().toList());
    m.put("nextStep", nextStep(d, clock).render(voice));
    return m;
  }

  private static boolean stalled(Deployment d, Clock clock) {
    return !d.state().isTerminal() && !d.state().isGate()
        && ProgressiveStage.parked(d).isEmpty() && !Leases.isAlive(d.lease(), clock);
  }

  /** What to do next about {@code d}: take it over when its driver is gone, else what its state calls for. */
  public static NextStep nextStep(Deployment d, Clock clock) {
    if (stalled(d, clock)) return NextSteps.stalled(d.id(), d.lease() == null ? "(none)" : d.lease().owner());
    if (ProgressiveStage.parked(d).isPresent()) {
      return NextStep.of("the rollout waits for a human: {0} lets it go on; {1} rolls it back to stable",
          NextStep.Action.approve(d.id()), NextStep.Action.reject(d.id()));
    }
    return NextSteps.forState(d.id(), d.service(), d.state());
  }

  private static Map<String, Object> approval(Deployment d) {
    Map<String, Object> a = new LinkedHashMap<>();
    var ap = d.approval();
    // A gate left by a rollback was never decided: it is not "pending" any more.
    boolean open = d.state().isGate();
    a.put("decision", ap.decision() != null ? ap.decision() : open ? "pending" : "none");
    if (ap.decision() == null && !open) a.put("closedBy", d.state().id());
    if (ap.actor() != null) a.put("by", ap.actor());
    if (ap.comment() != null) a.put("comment", ap.comment());
    if (ap.requestedAt() != null) a.put("requestedAt", ap.requestedAt().toString());
    if (ap.decidedAt() != null) a.put("decidedAt", ap.decidedAt().toString());
    if (ap.requestedAt() != null && ap.decidedAt() != null) {
      a.put("waitMs", Duration.between(ap.requestedAt(), ap.decidedAt()).toMillis());
    }
    return a;
  }

  private static Map<String, Object> stage(StageRun s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stage", s.stage());
    m.put("status", s.status());
    if (s.executor() != null) m.put("executor", s.executor());
    if (s.endedAt() != null) m.put("durationMs", s.durationMs());
    m.put("attempts", s.attempts().size());
    m.put("retries", s.retries());
    if (!s.attempts().isEmpty()) {
      Attempt last = s.attempts().get(s.attempts().size() - 1);
      if (last.exitCode() != null) m.put("exitCode", last.exitCode());
      if (last.error() != null) m.put("lastError", last.error());
    }
    if (!s.external().isEmpty()) m.put("external", s.external());
    return m;
  }

  /** The stage worth showing a log for: the running one, else the last failed one, else the last one. */
  private static StageRun focus(Deployment d) {
    StageRun pick = null;
    for (StageRun s : d.stages()) {
      if (StageRun.RUNNING.equals(s.status()) || StageRun.FAILED.equals(s.status())) pick = s;
    }
    if (pick == null && !d.stages().isEmpty()) pick = d.stages().get(d.stages().size() - 1);
    return pick;
  }

  static List<String> tail(String file) {
    try (RandomAccessFile f = new RandomAccessFile(file, "r")) {
      long len = f.length();
      long from = Math.max(0, len - 4096);
      byte[] buf = new byte[(int) (len - from)];
      f.seek(from);
      f.readFully(buf);
      List<String> lines = new ArrayList<>(Arrays.asList(new String(buf, StandardCharsets.UTF_8).split("\n")));
      if (from > 0 && !lines.isEmpty()) lines.remove(0);
      return lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
    } catch (IOException e) {
      return List.of();
    }
  }

  public static Map<String, Object> summary(DeploymentSummary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deploymentId", s.id());
    m.put("service", s.service());
    m.put("branch", s.branch());
    m.put("commit", s.commit());
    m.put("version", s.version());
    m.put("state", s.state().id());
    m.put("startedBy", s.startedBy());
    m.put("createdAt", s.createdAt().toString());
    if (s.durationMs() != null) m.put("durationMs", s.durationMs());
    m.put("stageDurationsMs", s.stageDurationsMs() == null ? Map.of() : s.stageDurationsMs());
    m.put("retries", s.retries());
    if (s.approvalWaitMs() != null) m.put("approvalWaitMs", s.approvalWaitMs());
    m.put("environments", s.environments() == null ? List.of() : s.environments());
    if (s.error() != null) m.put("error", s.error());
    return m;
  }

  public static Map<String, Object> overview(Overview o, NextStep.Voice voice) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("active", o.active().stream().map(Views::summary).toList());
    Map<String, Object> latest = new LinkedHashMap<>();
    o.latestPerService().forEach((k, v) -> latest.put(k, summary(v)));
    m.put("latestPerService", latest);
    m.put("nextStep", (o.active().isEmpty() && o.latestPerService().isEmpty()
        ? NextStep.of("no deployments yet; start one: {0}", NextStep.Action.start(null))
        : NextStep.of("{0} shows a deployment's stages, attempts and logs", NextStep.Action.status(null)))
        .render(voice));
    return m;
  }

  public static Map<String, Object> history(HistoryReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deployments", r.deployments().stream().map(Views::summary).toList());
    Map<String, Object> s = new LinkedHashMap<>();
    var x = r.summary();
    s.put("count", x.count());
    s.put("completed", x.completed());
    s.put("failed", x.failed());
    s.put("rolledBack", x.rolledBack());
    s.put("active", x.active());
    if (x.successRate() != null) s.put("successRate", x.successRate());
    if (x.medianDurationMs() != null) s.put("medianDurationMs", x.medianDurationMs());
    if (x.medianApprovalWaitMs() != null) s.put("medianApprovalWaitMs", x.medianApprovalWaitMs());
    if (x.medianRollbackMs() != null) s.put("medianRollbackMs", x.medianRollbackMs());
    if (r.dora() != null) s.put("dora", dora(r.dora()));
    m.put("summary", s);
    return m;
  }

  /** DORA's four keys as deploy_history's summary and the REST metrics show them; absent figures are left out. */
  public static Map<String, Object> dora(Dora d) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (d.service() != null) m.put("service", d.service());
    m.put("environment", d.environment());
    m.put("since", d.since().toString());
    m.put("until", d.until().toString());
    m.put("days", d.days());
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("deployments", d.deployments());
    if (d.deploymentsPerDay() != null) f.put("perDay", d.deploymentsPerDay());
    m.put("deploymentFrequency", f);
    Map<String, Object> l = new LinkedHashMap<>();
    if (d.medianLeadTimeMs() != null) l.put("medianMs", d.medianLeadTimeMs());
    l.put("samples", d.leadTimeSamples());
    m.put("leadTime", l);
    Map<String, Object> c = new LinkedHashMap<>();
    if (d.changeFailureRate() != null) c.put("rate", d.changeFailureRate());
    c.put("failures", d.failures());
    c.put("changes", d.changes());
    m.put("changeFailureRate", c);
    Map<String, Object> t = new LinkedHashMap<>();
    if (d.medianTimeToRestoreMs() != null) t.put("medianMs", d.medianTimeToRestoreMs());
    t.put("restored", d.restored());
    t.put("unrestored", d.unrestored());
    m.put("timeToRestore", t);
    if (d.truncated()) m.put("truncated", true);
    return m;
  }
}
