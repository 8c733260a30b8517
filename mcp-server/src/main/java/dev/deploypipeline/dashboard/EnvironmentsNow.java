package dev.deploypipeline.dashboard;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.store.DeploymentStore;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.workflow.Approval;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.Release;
import dev.deploypipeline.workflow.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What runs in each environment now, from the store's records only (no live probe, so the overview stays fast at
 * any history size): the newest deployment that reached the environment, what a rollback put back, and whether a
 * deployment is on its way there or failed there since.
 */
final class EnvironmentsNow {
  static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");

  /** The config's environments in path order; the seed's three when the config cannot be read. */
  static List<String> environments(DeploymentService service) {
    try {
      return service.config().environmentNames();
    } catch (dev.deploypipeline.deploy.DeployException e) {
      return ENVIRONMENTS;
    }
  }

  /** {@code health}: healthy, deploying, failed, rolled-back or unknown (nothing deployed yet). */
  record Current(String environment, String version, String commit, Instant deployedAt, String deploymentId,
      String health, String healthDetail, String approvedBy) {}

  private EnvironmentsNow() {}

  /** The service the project's config deploys; null (every service) when the config cannot be read. */
  static String configuredService(DeploymentService service) {
    try {
      return service.config().service();
    } catch (dev.deploypipeline.deploy.DeployException e) {
      return null;
    }
  }

  static List<Current> of(DeploymentService service, String serviceName) {
    DeploymentStore store = service.store();
    List<DeploymentSummary> active = store.active();
    List<Current> out = new ArrayList<>();
    for (String env : environments(service)) out.add(current(store, active, serviceName, env));
    return out;
  }

  private static Current current(DeploymentStore store, List<DeploymentSummary> active, String svc, String env) {
    DeploymentSummary latest = store.history(new HistoryQuery(svc, env, null, null, 1)).stream().findFirst()
        .orElse(null);
    Deployment d = latest == null ? null : store.find(latest.id()).orElse(null);
    Release r = d == null ? null : d.releases().stream().filter(x -> env.equals(x.environment())).findFirst()
        .orElse(null);
    String version = null, commit = null, health = "unknown", detail = "nothing deployed here yet", by = null;
    Instant at = null;
    if (d != null && r != null) {
      if (d.state() == State.ROLLED_BACK) {
        version = r.previousVersion();
        commit = r.previousCommit();
        at = d.updatedAt();
        health = "rolled-back";
        detail = "rolled back from " + d.version() + (d.rollbackReason() == null ? "" : ": " + d.rollbackReason());
      } else {
        version = d.version();
        commit = d.commit();
        at = r.deployedAt();
        health = "healthy";
        detail = "last deploy succeeded";
      }
      Approval a = d.approval();
      if ("prod".equals(env) && a != null && Approval.APPROVE.equals(a.decision())) by = a.actor();
    }
    Instant after = latest == null ? null : latest.createdAt();
    for (DeploymentSummary f : store.history(new HistoryQuery(svc, null, State.FAILED, after, 5))) {
      if (latest != null && f.id().equals(latest.id())) continue;
      Deployment fd = store.find(f.id()).orElse(null);
      if (fd != null && fd.releases().stream().anyMatch(x -> env.equals(x.environment()) && x.deployedAt() == null)) {
        health = "failed";
        detail = f.id() + " failed here" + (fd.error() == null ? "" : ": " + fd.error());
        break;
      }
    }
    for (DeploymentSummary s : active) {
      if ((svc == null || svc.equals(s.service())) && s.state().environment().map(env::equals).orElse(false)) {
        health = "deploying";
        detail = s.id() + " is deploying " + s.version();
      }
    }
    return new Current(env, version, commit, at, d == null ? null : d.id(), health, detail, by);
  }
}
