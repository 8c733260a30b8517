package dev.deploypipeline.deploy;

import dev.deploypipeline.approval.EffectivePolicy;
import dev.deploypipeline.config.EnvironmentSpec;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.harness.Execution;
import dev.deploypipeline.harness.ExecutionPhase;
import dev.deploypipeline.harness.ExecutionWaiter;
import dev.deploypipeline.harness.HarnessClient;
import dev.deploypipeline.harness.HarnessConfig;
import dev.deploypipeline.harness.HarnessException;
import dev.deploypipeline.harness.StartedExecution;
import dev.deploypipeline.notify.NotificationChannels;
import dev.deploypipeline.secrets.Redactor;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.workflow.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Harness pipelines run outside a deployment (the {@code harness_trigger_pipeline} tool and {@code harness
 * trigger}): only in the configured org and project, never a pipeline that deploys or rolls back an environment
 * behind the approval gate (that goes through a deployment), and every attempt leaves an audit line with the actor,
 * the pipeline, the redacted inputs and the execution id.
 */
public final class HarnessTriggers {
  public static final String TRIGGERED = "HARNESS_TRIGGERED";
  public static final String TRIGGER_FAILED = "HARNESS_TRIGGER_FAILED";

  /** Which front end asks, so that next steps speak its language. */
  public enum FrontEnd { MCP, CLI }

  /**
   * A validated request; {@code org}/{@code project} null mean the configured ones, {@code actor} null the server's
   * user (a front end that authenticates its caller names them).
   */
  public record Request(String pipeline, String org, String project, String inputsYaml, boolean follow,
      int timeoutSeconds, FrontEnd frontEnd, String actor) {
    public Request(String pipeline, String org, String project, String inputsYaml, boolean follow,
        int timeoutSeconds, FrontEnd frontEnd) {
      this(pipeline, org, project, inputsYaml, follow, timeoutSeconds, frontEnd, null);
    }
  }

  /** What a front end shows: the structured result and its one-line text, or an error with the next step. */
  public record Outcome(Map<String, Object> view, String text, String error, String nextStep) {
    static Outcome error(String error, String nextStep) {
      return new Outcome(Map.of(), null, error, nextStep);
    }

    public boolean failed() {
      return error != null;
    }
  }

  @FunctionalInterface
  public interface Progress {
    void report(double progress, Double total, String message);
  }

  private final DeploymentService service;
  private final Map<String, String> env;
  private final Function<HarnessConfig, HarnessClient> clients;
  private final Sleeper sleeper;
  private final Clock clock;

  public HarnessTriggers(DeploymentService service, Map<String, String> env,
      Function<HarnessConfig, HarnessClient> clients, Sleeper sleeper, Clock clock) {
    this.service = service;
    this.env = Map.copyOf(env);
    this.clients = clients;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  public Outcome trigger(Request r, Progress progress) {
    PipelineConfig config = service.config();
    HarnessConfig cfg = config.harness();
    if (cfg == null) return notConfigured(r.frontEnd());
    String actor = r.actor() != null ? r.actor() : service.actor();
    Redactor redactor = redactor(config, cfg);
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("pipeline", r.pipeline());
    facts.put("org", cfg.orgId());
    facts.put("project", cfg.projectId());
    facts.put("inputs", redactor.redact(r.inputsYaml()));
    facts.put("channel", r.frontEnd() == FrontEnd.MCP ? "mcp" : "cli");
    for (String[] scope : new String[][] {{"org", r.org(), cfg.orgId()}, {"project", r.project(), cfg.projectId()}}) {
      if (scope[1] != null && !scope[1].equals(scope[2])) {
        return refuse(actor, facts, "scope", scope[0] + " '" + scope[1] + "' is not the configured harness."
            + (scope[0].equals("org") ? "orgId" : "projectId") + " ('" + scope[2] + "'); pipelines run only in the "
            + "configured org and project", "leave " + scope[0] + " out, or change harness in "
            + ".claude/deployment-config.json and commit it");
      }
    }
    String gatedEnv = gatedEnvironment(config, cfg, r.pipeline());
    if (gatedEnv != null) {
      String start = r.frontEnd() == FrontEnd.MCP ? "call deploy_start with service '" + config.service() + "'"
          : "run: deployment-pipeline deploy start " + config.service();
      return refuse(actor, facts, "gatedPipeline", "pipeline '" + r.pipeline() + "' deploys or rolls back " + gatedEnv
          + ", which requires approval; it runs only inside a deployment, after the gate", start
          + " (it reaches " + gatedEnv + " only after a human approves)");
    }
    try {
      HarnessClient client = clients.apply(cfg);
      StartedExecution started = client.execute(r.pipeline(), r.inputsYaml(), null);
      facts.put("executionId", started.executionId());
      audit(actor, TRIGGERED, facts);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("pipeline", r.pipeline());
      out.put("executionId", started.executionId());
      out.put("url", started.url().toString());
      if (!r.follow()) {
        out.put("status", "Started");
        out.put("finished", false);
        out.put("nextStep", r.frontEnd() == FrontEnd.MCP ? "call again with wait=true to follow it, or open the url"
            : "deployment-pipeline harness status " + started.executionId());
        return new Outcome(out, "Started " + r.pipeline() + " execution " + started.executionId() + ": "
            + started.url(), null, null);
      }
      AtomicInteger polls = new AtomicInteger();
      progress.report(0, null, "started " + r.pipeline() + " execution " + started.executionId());
      ExecutionWaiter.Outcome outcome = ExecutionWaiter.of(client, cfg, sleeper, clock).await(started.executionId(),
          Instant.now(clock).plus(Duration.ofSeconds(r.timeoutSeconds())),
          e -> progress.report(polls.incrementAndGet(), null, r.pipeline() + ": " + e.status()));
      return finished(out, outcome, r.timeoutSeconds());
    } catch (HarnessException e) {
      facts.put("error", redactor.redact(e.getMessage()));
      audit(actor, TRIGGER_FAILED, facts);
      return Outcome.error(e.getMessage(), nextStep(e, cfg));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.error("interrupted while waiting for Harness", "check the execution in Harness");
    }
  }

  /** One execution's status and link (read only, not audited). */
  public Outcome execution(String executionId, FrontEnd frontEnd) {
    HarnessConfig cfg = service.config().harness();
    if (cfg == null) return notConfigured(frontEnd);
    try {
      HarnessClient client = clients.apply(cfg);
      Execution e = client.status(executionId);
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("executionId", executionId);
      s.put("pipeline", e.pipelineIdentifier());
      s.put("status", e.status());
      s.put("finished", e.phase().finished());
      s.put("succeeded", e.phase() == ExecutionPhase.SUCCEEDED);
      if (e.pipelineIdentifier() != null) {
        s.put("url", client.executionUrl(e.pipelineIdentifier(), executionId).toString());
      }
      e.failingStage().ifPresent(v -> s.put("failingStage", v));
      e.failureMessage().ifPresent(v -> s.put("message", v));
      return new Outcome(s, e.pipelineIdentifier() + " execution " + executionId + ": " + e.describe()
          + (s.containsKey("url") ? " — " + s.get("url") : ""), null, null);
    } catch (HarnessException e) {
      return Outcome.error(e.getMessage(), e.httpStatus() == 404 ? "check the execution id and harness.orgId/"
          + "projectId" : e.isTransient() ? "try again in a minute" : "fix what the message names and try again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.error("interrupted while asking Harness", null);
    }
  }

  /**
   * The environment whose deploy or rollback {@code pipeline} is, if that environment requires approval by the
   * policy in force (committed config and user policy, as at the gate). Conventional names count too.
   */
  String gatedEnvironment(PipelineConfig config, HarnessConfig cfg, String pipeline) {
    String commit = Git.resolveCommit(service.projectDir(), "HEAD");
    Set<String> envs = new TreeSet<>(config.environments() == null ? Set.of() : config.environments().keySet());
    envs.add("prod");
    for (String name : envs) {
      EnvironmentSpec spec = config.environments() == null ? null : config.environments().get(name);
      EffectivePolicy p = service.approvals().policy(config.service(), name, commit, spec);
      if (!p.gate().requiresApproval()) continue;
      Set<String> pipelines = new TreeSet<>();
      cfg.pipelineFor("deploying-" + name, spec == null || spec.deploy() == null ? null : spec.deploy().pipeline()).ifPresent(pipelines::add);
      cfg.pipelineFor("rollback-" + name, spec == null || spec.rollback() == null ? null : spec.rollback().pipeline()).ifPresent(pipelines::add);
      HarnessConfig.defaultPipeline("deploying-" + name).ifPresent(pipelines::add);
      HarnessConfig.defaultPipeline("rollback-" + name).ifPresent(pipelines::add);
      if (pipelines.contains(pipeline)) return name;
    }
    return null;
  }

  private Outcome refuse(String actor, Map<String, Object> facts, String rule, String reason, String nextStep) {
    Map<String, Object> d = new LinkedHashMap<>(facts);
    d.put("attempted", "HARNESS_TRIGGER");
    d.put("rule", rule);
    d.put("reason", reason);
    audit(actor, "REFUSED", d);
    return Outcome.error(reason, nextStep);
  }

  private void audit(String actor, String event, Map<String, Object> details) {
    service.store().write(w -> w.audit(new AuditRecord(clock.instant(), null, actor, event, null, null,
        null, details)));
  }

  private Redactor redactor(PipelineConfig config, HarnessConfig cfg) {
    return NotificationChannels.redactor(config.notifications(), env)
        .plus(java.util.Optional.ofNullable(env.get(cfg.apiKeyEnvOrDefault())).stream().toList());
  }

  private static Outcome notConfigured(FrontEnd f) {
    return Outcome.error("Harness is not configured: the project config has no 'harness' section",
        "add \"harness\": {\"orgId\": \"...\", \"projectId\": \"...\"} to .claude/deployment-config.json "
            + "(see examples/harness/deployment-config.json) and export HARNESS_API_KEY");
  }

  private static Outcome finished(Map<String, Object> out, ExecutionWaiter.Outcome outcome, int timeout) {
    Execution last = outcome.last();
    out.put("status", last.status());
    out.put("finished", outcome.finished());
    out.put("succeeded", last.phase() == ExecutionPhase.SUCCEEDED);
    last.failingStage().ifPresent(s -> out.put("failingStage", s));
    last.failureMessage().ifPresent(m -> out.put("message", m));
    if (outcome.timedOut()) {
      out.put("nextStep", "still " + last.status() + " after " + timeout + " s; it keeps running in Harness — open "
          + "the url or wait again");
    } else if (last.phase() == ExecutionPhase.FAILED) {
      out.put("nextStep", "open the url to see why stage " + last.failingStage().orElse("?") + " failed");
    }
    String text = out.get("pipeline") + " execution " + out.get("executionId") + ": " + last.describe()
        + (outcome.timedOut() ? " (still running after " + timeout + " s)" : "") + " — " + out.get("url");
    return new Outcome(out, text, null, null);
  }

  private static String nextStep(HarnessException e, HarnessConfig cfg) {
    return switch (e.httpStatus()) {
      case 0 -> e.isTransient() ? "check harness.baseUrl (" + cfg.baseUrlOrDefault() + ") and try again"
          : "fix the setting named above and try again";
      case 401 -> "export " + cfg.apiKeyEnvOrDefault() + " with a valid token and restart the server";
      case 403 -> "ask a Harness admin to grant the key's user or service account pipeline execute permission";
      case 404 -> "check the pipeline identifier in Harness (Pipelines → the pipeline → its Id) and harness.orgId/"
          + "projectId";
      default -> e.isTransient() ? "try again in a minute" : "fix the inputs named in the message and try again";
    };
  }
}
