package dev.deploypipeline.deploy;

import static dev.deploypipeline.deploy.DeployException.Kind.*;

import dev.deploypipeline.approval.OsUser;
import dev.deploypipeline.approval.Policies;
import dev.deploypipeline.config.ConfigException;
import dev.deploypipeline.deploy.NextStep.Action;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.EnvironmentSpec;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.config.PolicyChecks;
import dev.deploypipeline.workflow.PipelineListener;
import dev.deploypipeline.engine.LeaseKeeper;
import dev.deploypipeline.engine.PipelineRunner;
import dev.deploypipeline.engine.ProgressiveStage;
import dev.deploypipeline.engine.StagePlan;
import dev.deploypipeline.engine.Rollbacks;
import dev.deploypipeline.engine.Transitions;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.store.DeploymentStore;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.workflow.Approval;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.GuardContext;
import dev.deploypipeline.workflow.Guards;
import dev.deploypipeline.workflow.IllegalTransitionException;
import dev.deploypipeline.workflow.Route;
import dev.deploypipeline.workflow.Schedule;
import dev.deploypipeline.workflow.StageRun;
import dev.deploypipeline.workflow.State;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The one API every front end calls (MCP tools, CLI). It enforces every rule (config valid, guards, legal
 * transitions) so that adapters hold none, and reports caller-fixable problems as {@link DeployException}.
 */
public final class DeploymentService {
  private final Path projectDir;
  private final PipelineRunner runner;
  private final Rollbacks rollbacks;
  private final ConfigLoader configLoader;
  private final Map<String, String> env;
  private final Guards guards = Guards.standard();
  private final Takeovers takeovers;
  private final Approvals approvals;

  public DeploymentService(Path projectDir, PipelineRunner runner, Map<String, String> env) {
    this.projectDir = projectDir;
    this.runner = runner;
    this.takeovers = new Takeovers(this, runner);
    this.rollbacks = new Rollbacks(runner);
    this.env = Map.copyOf(env);
    this.configLoader = new ConfigLoader(env);
    this.approvals = new Approvals(this, new Policies(projectDir, env, Path.of(System.getProperty("user.home"))));
    // The engine waits at the gate by the policy in force, not by the working tree alone.
    runner.approvalRequired((d, config) -> {
      try {
        return approvals.policy(d).gate().requiresApproval();
      } catch (DeployException e) {
        return true; // an unreadable user policy fails closed: the deployment waits at the gate
      }
    });
  }

  public Path projectDir() {
    return projectDir;
  }

  public DeploymentStore store() {
    return tx().store();
  }

  public String actor() {
    return Identity.resolve(env, projectDir);
  }

  /** The clock every record is stamped with (the tests' clock in tests). */
  public Clock clock() {
    return tx().clock();
  }

  public PipelineConfig config() {
    try {
      return configLoader.load(projectDir);
    } catch (ConfigException e) {
      throw new DeployException(CONFIG, e.getMessage(), "fix .claude/deployment-config.json as described, then retry");
    }
  }

  /** Creates the deployment in {@code pending} (channel {@code api}); see {@link #start(String, String, String, String, String)}. */
  public Deployment start(String service, String branch, String commit, String actor) {
    return start(service, branch, commit, actor, "api");
  }

  /**
   * Runs the pre-deploy checklist, then creates the deployment in {@code pending}; call {@link #driveAsync} or
   * {@link #drive} to run it. A failed blocking check or guard is refused, audited and thrown with the checklist.
   * {@code channel} (cli, mcp, api) is recorded on the audit line.
   */
  public Deployment start(String service, String branch, String commit, String actor, String channel) {
    PipelineConfig config = config();
    requireService(config, service);
    requirePreflight(service, null, commit != null ? commit : branch, actor, channel);
    String resolved = Git.commitFor(projectDir, branch, commit);
    String version = resolved.length() > 12 ? resolved.substring(0, 12) : resolved;
    Route route = route(config);
    // START releases every environment before the gate without a further human step: their windows all count.
    List<Schedule> schedules = route.environmentsBeforeGate().stream()
        .map(e -> PolicyChecks.schedule(e, config.environment(e))).toList();
    return create(new Start(service, branch, resolved, version, route, schedules, actor, channel, Map.of(), null,
        null));
  }

  /**
   * A deployment to create: the resolved commit and its version, the route it runs, the schedules
   * the start must respect, extra facts for the CREATED line, and an accepted guard override (its approver and its
   * audit details) recorded on a line of its own.
   */
  record Start(String service, String branch, String commit, String version, Route route, List<Schedule> schedules,
      String actor, String channel, Map<String, Object> details, String overrideActor,
      Map<String, Object> overrideDetails) {}

  /** The configured service when {@code service} is null; a caller-fixable error when it is another one. */
  String requireService(PipelineConfig config, String service) {
    if (service == null && config.service() != null) return config.service();
    if (config.service() != null && !config.service().equals(service)) {
      throw new DeployException(BAD_INPUT, "service '" + service + "' is not configured in this project; "
          + ".claude/deployment-config.json deploys '" + config.service() + "'",
          NextStep.of("deploy the service this project configures: {0}", Action.start(config.service())));
    }
    if (service == null) {
      throw new DeployException(BAD_INPUT, "service: is required (the project's config names none)",
          "name the service to deploy");
    }
    return service;
  }

  /** Runs the pre-deploy checklist for {@code ref}; a failed blocking check is refused, audited and thrown. */
  void requirePreflight(String service, String environment, String ref, String actor, String channel) {
    Preflight.Report report = preflight().run(service, environment, ref);
    if (!report.passed()) {
      String reason = "pre-deploy checks failed: " + report.failures().stream()
          .map(c -> c.check() + ": " + c.detail()).collect(java.util.stream.Collectors.joining("; "));
      refusal(null, Event.START, actor, channel, "preflight", reason, Map.of("service", service));
      boolean busy = report.failures().stream().anyMatch(c -> c.check().equals("concurrency"));
      throw new DeployException(PREFLIGHT, reason, busy ? whileActive(service)
          : NextStep.of("fix the failed checks ({0} shows the checklist), then start again",
              Action.validate(service, environment == null ? "dev" : environment)),
          Map.of("checks", report.view().get("checks")));
    }
  }

  /** Creates {@code s} in {@code pending} unless a START guard refuses it (audited, thrown). */
  Deployment create(Start s) {
    // The start of the lead time for changes (Dora): read once here, since history may be rewritten later.
    java.time.Instant commitAt = Git.isRepository(projectDir) ? Git.commitTime(projectDir, s.commit()) : null;
    Clock clock = tx().clock();
    String service = s.service();
    String actor = s.actor();
    Object outcome = store().write(w -> {
      List<String> others = w.active().stream().filter(x -> x.service().equals(service))
          .map(DeploymentSummary::id).toList();
      var violation = guards.violation(new GuardContext(null, service, State.PENDING, Event.START, actor, actor,
          others, Set.of(), false, clock.instant(), s.schedules()));
      if (violation.isPresent()) {
        w.audit(refusalRecord(null, null, Event.START, actor, s.channel(), violation.get().rule(),
            violation.get().reason(), Map.of("service", service)));
        return violation.get();
      }
      // Created under this process's lease, so that a crash before driving starts is resumed like any other.
      Deployment d = w.save(Deployment.create(w.nextId(), service, s.branch(), s.commit(), s.version(), actor,
          clock.instant()).withCommitAt(commitAt).withLease(runner.leases().mine()).withRoute(s.route()));
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("branch", s.branch());
      details.put("commit", s.commit());
      details.put("version", s.version());
      details.put("channel", s.channel());
      // The verified starter, for preventSelfApproval: the actor above is only a claimed name.
      details.put("osUser", OsUser.name());
      details.putAll(s.details());
      w.audit(new AuditRecord(clock.instant(), d.id(), actor, "CREATED", null, State.PENDING.id(), null, details));
      if (s.overrideDetails() != null) {
        w.audit(new AuditRecord(clock.instant(), d.id(), s.overrideActor(), "OVERRIDDEN", State.PENDING.id(), null,
            null, s.overrideDetails()));
      }
      return d;
    });
    if (outcome instanceof Guards.Violation v) {
      throw new DeployException(GUARD, v.reason(), v.rule().equals("concurrency") ? whileActive(service)
          : NextStep.text("try again when the environment is open"));
    }
    return (Deployment) outcome;
  }

  /** Deploying a version to an environment, and promotion along the path. */
  public Promotions promotions() {
    return new Promotions(this);
  }

  /**
   * The route of a full run: the build stages, then the config's promotion path, with the approval gate before the
   * first step holding a production environment or one that requires approval (the gate is passed by policy when
   * the policy in force does not require a human, as prod always was). The default path gives {@link Route#DEFAULT}.
   */
  public Route route(PipelineConfig config) {
    if (config.path() == null) return Route.DEFAULT;
    return Route.of(config.promotionPath(), e -> gated(config, e));
  }

  /** Whether an approval gate comes before {@code e}: a production environment, or one that requires approval. */
  static boolean gated(PipelineConfig config, String e) {
    EnvironmentSpec spec = config.environment(e);
    return EnvironmentSpec.PRODUCTION.equals(spec == null ? EnvironmentSpec.typeByName(e) : spec.typeOrDefault(e))
        || spec != null && spec.approvalRequired(e);
  }

  /** What to do about the deployment that holds {@code service}, so that a refused start offers a way on. */
  private NextStep whileActive(String service) {
    return NextSteps.holding(service, store().active().stream().filter(a -> a.service().equals(service)).findFirst()
        .flatMap(a -> store().find(a.id())).orElse(null), tx().clock());
  }

  /** The pre-deploy checklist for one environment (health probed, bounded) without changing anything. */
  public Preflight.Report validate(String service, String environment, String ref) {
    return preflight().run(service, environment, ref);
  }

  private Preflight preflight() {
    return new Preflight(projectDir, env, store(), tx().clock());
  }

  /**
   * Records a refused request (a guard, a policy, a missing human): an audit line without a state change, so the
   * trail shows every attempt, not only the ones that succeeded.
   */
  public void refusal(String deploymentId, Event attempted, String actor, String channel, String rule,
      String reason, Map<String, Object> more) {
    State from = deploymentId == null ? null : store().find(deploymentId).map(Deployment::state).orElse(null);
    store().write(w -> w.audit(refusalRecord(deploymentId, from, attempted, actor, channel, rule, reason, more)));
  }

  private AuditRecord refusalRecord(String id, State from, Event attempted, String actor, String channel,
      String rule, String reason, Map<String, Object> more) {
    Map<String, Object> details = new LinkedHashMap<>(more == null ? Map.of() : more);
    details.put("attempted", attempted.name());
    details.put("channel", channel);
    details.put("rule", rule);
    details.put("reason", reason);
    return new AuditRecord(tx().clock().instant(), id, actor, "REFUSED", from == null ? null : from.id(), null, null,
        details);
  }

  public CompletableFuture<Deployment> driveAsync(String id) {
    return runner.driveAsync(id, config());
  }

  public Deployment drive(String id) throws InterruptedException {
    return drive(id, config());
  }

  private Deployment drive(String id, PipelineConfig config) throws InterruptedException {
    try {
      return runner.drive(id, config);
    } catch (LeaseKeeper.HeldException e) {
      throw busy(id, e);
    }
  }

  /** The engine's listeners (the notification dispatcher among them), e.g. to drain deliveries in tests. */
  /** The engine's listeners, lazily built ones included (building them now). */
  public List<PipelineListener> listeners() {
    return tx().listeners().stream()
        .flatMap(l -> l instanceof dev.deploypipeline.engine.LazyListener lazy ? lazy.get().stream()
            : java.util.stream.Stream.of(l))
        .toList();
  }

  public Deployment get(String id) {
    return store().find(id).orElseThrow(() -> new DeployException(NOT_FOUND, "no deployment with id '" + id
        + "' in " + store().root(), NextStep.of("list deployments with {0} or {1}", Action.list(), Action.history())));
  }

  public Overview overview() {
    return Overview.of(store().active(), store().history(HistoryQuery.all(200)));
  }

  public HistoryReport history(HistoryQuery q) {
    return HistoryReport.of(store().history(q))
        .withDora(Dora.of(store(), q.service(), doraEnvironment(q.environment()), q.since(), tx().clock().instant()));
  }

  /**
   * DORA's four keys for {@code environment} (when null, the environment the promotion path ends in: prod by
   * default) since {@code since} (the last 30 days when null).
   */
  public Dora dora(String service, String environment, java.time.Instant since) {
    return Dora.of(store(), service, doraEnvironment(environment), since, tx().clock().instant());
  }

  private String doraEnvironment(String environment) {
    if (environment != null) return environment;
    // Without a path section the path is dev, staging, prod: then a first history call need not load (and
    // validate) the whole config, which costs it ten times the query.
    if (!ConfigLoader.declares(projectDir, "path")) return PipelineConfig.ENVIRONMENTS.get(PipelineConfig.ENVIRONMENTS.size() - 1);
    try {
      List<List<String>> path = config().promotionPath();
      return path.get(path.size() - 1).get(0);
    } catch (DeployException e) {
      return null; // no readable config: Dora's own default (prod)
    }
  }

  /**
   * {@code name} when it is an environment of this project's config; else a clear error naming {@code field} and
   * the configured environments.
   */
  public String requireEnvironment(String field, String name) {
    List<String> names = config().environmentNames();
    if (!names.contains(name)) {
      String close = dev.deploypipeline.text.DidYouMean.closest(name, names);
      throw new DeployException(BAD_INPUT, field + ": '" + name + "' is not an environment of this project"
          + (close == null ? "" : "; did you mean '" + close + "'?") + " (configured: " + String.join(", ", names)
          + ")", NextStep.text("pass one of " + String.join(", ", names)));
    }
    return name;
  }

  public List<AuditEntry> audit(String id) {
    if (id != null) get(id);
    return store().audit(id);
  }

  /** As {@link #decide(String, String, String, String, String)} over channel {@code api}. */
  public Deployment decide(String id, String decision, String actor, String comment) {
    return decide(id, decision, actor, comment, "api");
  }

  /**
   * Records the human's decision at the approval gate; after an approval, drive the deployment on to prod. The
   * prod policy applies (approvers, self-approval, and for APPROVED the prod windows and freezes); a refusal is
   * audited with {@code channel} and the rule that refused.
   */
  public Deployment decide(String id, String decision, String actor, String comment, String channel) {
    return decide(id, decision, actor, comment, channel, Map.of());
  }

  Deployment decide(String id, String decision, String actor, String comment, String channel,
      Map<String, Object> more) {
    return approvals.decide(id, decision, dev.deploypipeline.approval.Approver.trusted(actor, channel, more), comment);
  }

  /** The prod gate: policy in force, proofs of who decides, decisions with their evidence. */
  public Approvals approvals() {
    return approvals;
  }

  /** A rollout parked for a human is decided with the same proofs as the prod gate (see {@link Approvals}). */
  StepApprovals stepApprovals() {
    return new StepApprovals(this, runner);
  }

  Transitions transitions() {
    return tx();
  }

  public Deployment rollback(String id, String reason, String actor) throws InterruptedException {
    return rollback(id, reason, actor, null, null);
  }

  /**
   * Rolls {@code environment} back without naming a deployment: the newest deployment there that is not rolled back
   * yet is rolled back in that environment, to {@code toVersion} if given (it must be a version recorded for the
   * environment) or else to what it replaced.
   */
  public Deployment rollbackEnvironment(String environment, String toVersion, String reason, String actor)
      throws InterruptedException {
    List<DeploymentSummary> there = store().history(new HistoryQuery(config().service(), environment, null, null,
        200));
    if (toVersion != null && there.stream().noneMatch(s -> toVersion.equals(s.version()))) {
      List<String> recorded = there.stream().map(DeploymentSummary::version).distinct().toList();
      throw new DeployException(BAD_INPUT, "version " + toVersion + " was never deployed to " + environment
          + (recorded.isEmpty() ? " (no version is recorded there)" : " (recorded: " + String.join(", ", recorded)
          + ")"), NextStep.of("pick one of the recorded versions ({0})", NextStep.Action.history(environment)));
    }
    DeploymentSummary current = there.stream().filter(s -> s.state() != State.ROLLED_BACK).findFirst()
        .orElseThrow(() -> new DeployException(BAD_INPUT, "nothing to roll back in " + environment
            + ": no deployment reached it", NextStep.of("{0} lists what ran there",
            NextStep.Action.history(environment))));
    return rollback(current.id(), reason, actor, environment, toVersion);
  }

  /**
   * Rolls back {@code id}; with {@code environment} only there, and with {@code toVersion} to that recorded
   * version instead of the one the deployment replaced.
   */
  public Deployment rollback(String id, String reason, String actor, String environment, String toVersion)
      throws InterruptedException {
    Deployment d = get(id);
    requireLegal(d, Event.ROLLBACK);
    try {
      return rollbacks.rollback(id, config(), actor, reason, environment, toVersion);
    } catch (Rollbacks.RollbackFailedException e) {
      throw new DeployException(ROLLBACK_FAILED, e.getMessage(), NextStep.of("{0} shows the rollback log",
          Action.status(id)));
    } catch (IllegalTransitionException e) {
      throw illegal(id, e);
    }
  }

  /**
   * Takes over a deployment whose driver is gone (docs/design.md, Persistence); see {@link Takeovers}.
   */
  public Deployment resume(String id) throws InterruptedException {
    PipelineConfig config = config();
    Deployment settled = takeovers.takeOver(id, config);
    return settled != null ? settled : drive(id, config);
  }

  /** {@link #resume}, driving in the background; a refused takeover (BUSY) is thrown here, not in the future. */
  public CompletableFuture<Deployment> resumeAsync(String id) {
    PipelineConfig config = config();
    Deployment settled = takeovers.takeOver(id, config);
    return settled != null ? CompletableFuture.completedFuture(settled) : runner.driveAsync(id, config);
  }

  /** How often a running server looks for expired leases: half the lease expiry (LeaseTimings). */
  java.time.Duration recoveryPeriod() {
    return runner.leases().timings().recoveryPeriod();
  }

  /** Active deployments whose lease holder is gone: a dead pid on this host, or a stale heartbeat elsewhere. */
  public List<String> expiredLeases() {
    return takeovers.expired();
  }

  static DeployException busy(String id, LeaseKeeper.HeldException e) {
    return new DeployException(BUSY, e.getMessage(), NextStep.of("it is being driven; follow it with {0}, or stop "
        + "that process first", Action.status(id)));
  }

  /** Throws the caller-fixable illegal-transition error (state, event, legal events, next step). */
  void requireLegal(Deployment d, Event event) {
    try {
      Transitions.requireLegal(d, event);
    } catch (IllegalTransitionException e) {
      throw illegal(d.id(), e);
    }
  }

  DeployException illegal(String id, IllegalTransitionException e) {
    return new DeployException(ILLEGAL_TRANSITION, "deployment " + id + " is in '" + e.state().id() + "'; "
        + e.getMessage(), NextSteps.forState(id, store().find(id).map(Deployment::service).orElse(null), e.state()));
  }

  private Transitions tx() {
    return runner.transitions();
  }

  /** Stops background driving and lets listeners that hold work (notification queues) finish it, bounded. */
  public void shutdown() {
    runner.shutdown();
    for (var l : tx().listeners()) {
      if (l instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          org.slf4j.LoggerFactory.getLogger(DeploymentService.class).warn("closing {}: {}", l, e.toString());
        }
      }
    }
  }
}
