package dev.deploypipeline.deploy;

import static dev.deploypipeline.deploy.DeployException.Kind.BAD_INPUT;
import static dev.deploypipeline.deploy.DeployException.Kind.GUARD;
import static dev.deploypipeline.deploy.DeployException.Kind.NOT_FOUND;

import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.config.PolicyChecks;
import dev.deploypipeline.deploy.NextStep.Action;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.Route;
import dev.deploypipeline.workflow.Schedule;
import dev.deploypipeline.workflow.State;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deploying a version to an environment, and promoting what runs in one environment to the next step of the path.
 * Both skip the build stages (the version was built when it was first deployed, or is a tagged commit) and both
 * answer to the promotion rule ({@link PromotionGuard}); a verified human may override it ({@link
 * PromotionOverrides}), which is audited.
 */
public final class Promotions {
  /** How far back the store is read for versions and for what passed where. */
  static final int LOOKBACK = 500;

  private final DeploymentService service;
  private final PromotionOverrides overrides;

  Promotions(DeploymentService service) {
    this.service = service;
    this.overrides = new PromotionOverrides(service);
  }

  public PromotionOverrides overrides() {
    return overrides;
  }

  /** {@code version} to {@code environment} (one environment, even if it belongs to a parallel group). */
  public Promotion plan(String serviceName, String environment, String version) {
    PipelineConfig config = service.config();
    String svc = service.requireService(config, serviceName);
    service.requireEnvironment("environment", environment);
    List<DeploymentSummary> history = history(svc);
    Versions.Resolved v = Versions.resolve(service.projectDir(), history, version);
    List<String> target = List.of(environment);
    return new Promotion(svc, v, null, List.of(target),
        PromotionGuard.missing(config.promotionPath(), target, v.commit(), history), gated(config, target));
  }

  /** What runs in {@code from} to the next step of the path (a parallel group goes as one step). */
  public Promotion planFrom(String serviceName, String from) {
    PipelineConfig config = service.config();
    String svc = service.requireService(config, serviceName);
    service.requireEnvironment("from", from);
    List<List<String>> path = config.promotionPath();
    List<String> next = PromotionGuard.next(path, from).orElseThrow(() -> new DeployException(BAD_INPUT, "from: '"
        + from + "' " + (path.stream().anyMatch(s -> s.contains(from)) ? "is on the last step of the path"
        : "is not on the promotion path") + " (" + describe(path) + "), so there is no next step to promote to",
        "deploy a version to an environment directly with --env and --version instead"));
    List<DeploymentSummary> history = history(svc);
    DeploymentSummary running = history.stream().filter(s -> s.state() != State.ROLLED_BACK
        && s.environments() != null && s.environments().contains(from)).findFirst().orElseThrow(() ->
        new DeployException(NOT_FOUND, "nothing is running in " + from + ": no deployment of " + svc
            + " was released there (or every one was rolled back)", NextStep.of("deploy a version to " + from
            + " first; {0} shows what ran where", Action.history(from))));
    Versions.Resolved v = new Versions.Resolved(running.version(), running.commit(), "running in " + from + " ("
        + running.id() + ")", running.branch());
    return new Promotion(svc, v, from, List.of(next), PromotionGuard.missing(path, next, v.commit(), history),
        gated(config, next));
  }

  /**
   * Creates the deployment for {@code p} in {@code pending} (drive it next), or refuses: without an override when
   * the promotion rule is broken, and with one that no verified human made. Both refusals are audited.
   */
  public Deployment start(Promotion p, String actor, String channel, PromotionOverrides.Override override) {
    Map<String, Object> overridden = null;
    if (!p.guardPasses()) {
      if (override == null) {
        String why = "version " + p.version().version() + " has not passed " + String.join(", ", p.missing())
            + " (the environments before " + p.target() + " on the path must each have released it, not rolled "
            + "back)";
        overrides.refuse(p, actor, channel, PromotionGuard.RULE, why, Map.of());
        throw new DeployException(GUARD, why, NextStep.text("promote it through " + p.missing().get(0)
            + " first; or a human overrides it at a terminal (no MCP tool can): " + PromotionOverrides.command(p)),
            Map.of("missing", p.missing(), "overrideCommand", PromotionOverrides.command(p)));
      }
      overrides.require(p, override, channel);
      overridden = PromotionOverrides.details(p, override);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("environment", p.target());
    details.put("versionSource", p.version().source());
    if (p.from() != null) details.put("promotedFrom", p.from());
    // Per environment, so that a parallel group's windows and health are each checked (not the full run's).
    for (String env : p.environments()) {
      service.requirePreflight(p.service(), env, p.version().commit(), actor, channel);
    }
    Route route = Route.steps(p.steps(), p.gated());
    return service.create(new DeploymentService.Start(p.service(), p.version().ref(), p.version().commit(),
        p.version().version(), route, p.gated() ? List.of() : schedules(p), actor, channel, details,
        override == null ? null : override.approver().actor(), overridden));
  }

  /** Windows and freezes of the environments deployed without a further human step. */
  private List<Schedule> schedules(Promotion p) {
    PipelineConfig config = service.config();
    return p.environments().stream().map(e -> PolicyChecks.schedule(e, config.environment(e))).toList();
  }

  /**
   * Whether an approval gate comes before {@code target}: one of its environments is gated itself, or the full run's
   * gate comes at or before its step (one approval covers every later step of a full run; a promotion, being its
   * own deployment, asks again). The engine passes the gate by policy when the policy in force needs no human.
   */
  private boolean gated(PipelineConfig config, List<String> target) {
    if (target.stream().anyMatch(e -> DeploymentService.gated(config, e))) return true;
    Route full = service.route(config);
    int step = PromotionGuard.stepOf(config.promotionPath(), target);
    return full.gatedStep().map(g -> full.steps().indexOf(g) <= step).orElse(false)
        && config.promotionPath().stream().anyMatch(s -> s.stream().anyMatch(target::contains));
  }

  private List<DeploymentSummary> history(String svc) {
    return service.store().history(new HistoryQuery(svc, null, null, null, LOOKBACK));
  }

  static String describe(List<List<String>> path) {
    return String.join(" → ", path.stream().map(s -> s.size() == 1 ? s.get(0) : "[" + String.join(", ", s) + "]")
        .toList());
  }
}
