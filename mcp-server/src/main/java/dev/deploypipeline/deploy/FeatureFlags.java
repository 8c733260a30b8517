package dev.deploypipeline.deploy;

import dev.deploypipeline.approval.AllowedSigners;
import dev.deploypipeline.approval.ApprovalRules;
import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.approval.EffectivePolicy;
import dev.deploypipeline.approval.OsUser;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.flags.FlagProvider;
import dev.deploypipeline.flags.FlagState;
import dev.deploypipeline.flags.FlagsConfig;
import dev.deploypipeline.flags.FlagsException;
import dev.deploypipeline.store.AuditRecord;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Feature flags outside a deployment ({@code flags_list}/{@code flags_set} and {@code deployment-pipeline flags}):
 * read them per environment, and change them. Turning a flag on or ramping it in an environment behind the approval
 * gate takes the same verified human as the gate (a terminal, or an identified approver when the environment names
 * approvers); turning one off never waits for anyone, since that is the way back. Every change and every refusal is
 * audited with the actor and how they were verified.
 */
public final class FeatureFlags {
  public static final String CHANGED = "FLAG_CHANGED";
  public static final String CHANGE_FAILED = "FLAG_CHANGE_FAILED";

  /** What a change does: {@code percent} is set for {@link Action#ROLLOUT} only. */
  public enum Action { ENABLE, DISABLE, ROLLOUT }

  /** A validated change from a front end; {@code environment} is ours (dev, staging, prod). */
  public record Change(String flag, String environment, Action action, Integer percent, Approver approver,
      String frontEnd) {}

  /** A structured result and its one line of text, or an error with the next step. */
  public record Outcome(Map<String, Object> view, String text, String error, String nextStep) {
    static Outcome error(String error, String nextStep) {
      return new Outcome(Map.of(), null, error, nextStep);
    }

    public boolean failed() {
      return error != null;
    }
  }

  private final DeploymentService service;
  private final Function<FlagsConfig, FlagProvider> providers;
  private final Clock clock;

  public FeatureFlags(DeploymentService service, Function<FlagsConfig, FlagProvider> providers, Clock clock) {
    this.service = service;
    this.providers = providers;
    this.clock = clock;
  }

  /** Every flag of the configured project, with its state in each of our environments that maps to the server's. */
  public Outcome list() {
    FlagsConfig cfg = service.config().flags();
    if (cfg == null) return notConfigured();
    try {
      List<Map<String, Object>> flags = new ArrayList<>();
      for (FlagState f : providers.apply(cfg).list()) flags.add(view(cfg, f));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("provider", "unleash");
      out.put("project", cfg.projectOrDefault());
      out.put("flags", flags);
      return new Outcome(out, flags.size() + " flag(s) in Unleash project " + cfg.projectOrDefault(), null, null);
    } catch (FlagsException e) {
      return Outcome.error(e.getMessage(), e.nextStep());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.error("interrupted while asking Unleash", "try again");
    }
  }

  /** Applies {@code c} if its environment's policy lets its approver do so; refusals and changes are audited. */
  public Outcome set(Change c) {
    PipelineConfig config = service.config();
    FlagsConfig cfg = config.flags();
    if (cfg == null) return notConfigured();
    String target = cfg.providerEnvironment(c.environment());
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("flag", c.flag());
    facts.put("environment", c.environment());
    facts.put("providerEnvironment", target);
    facts.put("action", c.action().name().toLowerCase(java.util.Locale.ROOT));
    if (c.percent() != null) facts.put("percent", c.percent());
    facts.put("channel", c.frontEnd());
    facts.put("verifiedBy", c.approver().method().id);
    if (c.action() != Action.DISABLE) {
      Optional<ApprovalRules.Violation> v = violation(config, c);
      if (v.isPresent()) return refuse(c, facts, v.get());
    }
    try {
      FlagProvider p = providers.apply(cfg);
      switch (c.action()) {
        case ENABLE -> p.enable(c.flag(), target);
        case DISABLE -> p.disable(c.flag(), target);
        case ROLLOUT -> p.rollout(c.flag(), target, c.percent());
      }
      audit(c.approver().actor(), CHANGED, facts);
      Map<String, Object> out = view(cfg, p.get(c.flag()));
      String did = switch (c.action()) {
        case ENABLE -> "on";
        case DISABLE -> "off";
        case ROLLOUT -> "at " + c.percent() + " %";
      };
      return new Outcome(out, "Flag " + c.flag() + " is " + did + " in " + c.environment() + " (Unleash " + target
          + ")", null, null);
    } catch (FlagsException e) {
      facts.put("error", e.getMessage());
      audit(c.approver().actor(), CHANGE_FAILED, facts);
      return Outcome.error(e.getMessage(), e.nextStep());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.error("interrupted while changing the flag", "check the flag with flags list");
    }
  }

  /** The OS user at this terminal, verified as that user and its allowed-signers aliases (as at the gate). */
  public Approver atTerminal(String channel) {
    String user = OsUser.name();
    return new Approver(user, Approver.Method.TERMINAL, AllowedSigners.aliases(service.approvals().allowedSigners(),
        user), channel, Map.of("osUser", user));
  }

  /** Whether turning a flag on in our {@code environment} needs a verified human (its gate requires approval). */
  public boolean gated(String environment) {
    return policy(service.config(), environment).gate().requiresApproval();
  }

  /** Our environments' flag state for {@code deploy_status}: null when no flags section is configured. */
  public Map<String, Object> status() {
    // Most projects have no flags section: then the first deploy_status of a session need not load the config.
    if (!ConfigLoader.declares(service.projectDir(), "flags")) return null;
    FlagsConfig cfg;
    try {
      cfg = service.config().flags();
    } catch (RuntimeException e) {
      return null; // an unreadable config is deploy_validate's to report; status still shows the deployments
    }
    if (cfg == null) return null;
    Outcome o = list();
    if (o.failed()) return Map.of("error", o.error());
    return Map.of("project", cfg.projectOrDefault(), "flags", o.view().get("flags"));
  }

  private Optional<ApprovalRules.Violation> violation(PipelineConfig config, Change c) {
    EffectivePolicy policy = policy(config, c.environment());
    if (!policy.gate().requiresApproval()) return Optional.empty();
    return ApprovalRules.check(policy.gate(), c.approver(), "approve", "flag " + c.flag(), Set.of());
  }

  private EffectivePolicy policy(PipelineConfig config, String environment) {
    String commit = Git.resolveCommit(service.projectDir(), "HEAD");
    return service.approvals().policy(config.service(), environment, commit, config.environment(environment));
  }

  private Outcome refuse(Change c, Map<String, Object> facts, ApprovalRules.Violation v) {
    Map<String, Object> d = new LinkedHashMap<>(facts);
    d.put("attempted", CHANGED);
    d.put("rule", v.rule());
    d.put("reason", v.reason());
    audit(c.approver().actor(), "REFUSED", d);
    String command = c.action() == Action.ROLLOUT ? "rollout " + c.flag() + " " + c.percent() : "enable " + c.flag();
    return Outcome.error("turning flag " + c.flag() + " on in " + c.environment() + " needs a verified human: "
        + v.reason(), "a human runs it at a terminal and types the flag's name: deployment-pipeline flags " + command
        + " --env " + c.environment());
  }

  private void audit(String actor, String event, Map<String, Object> details) {
    service.store().write(w -> w.audit(new AuditRecord(clock.instant(), null, actor, event, null, null, null,
        details)));
  }

  /** A flag as tools show it: its state per provider environment, with our environment's name where one maps. */
  static Map<String, Object> view(FlagsConfig cfg, FlagState f) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", f.name());
    if (f.type() != null) out.put("type", f.type());
    List<Map<String, Object>> envs = new ArrayList<>();
    for (FlagState.Environment e : f.environments()) {
      Map<String, Object> m = new LinkedHashMap<>();
      cfg.ourEnvironment(e.name()).ifPresent(ours -> m.put("environment", ours));
      m.put("unleashEnvironment", e.name());
      m.put("enabled", e.enabled());
      if (e.rolloutPercent() != null) m.put("rolloutPercent", e.rolloutPercent());
      envs.add(m);
    }
    out.put("environments", envs);
    return out;
  }

  private static Outcome notConfigured() {
    return Outcome.error("feature flags are not configured: the project config has no 'flags' section",
        "add \"flags\": {\"provider\": \"unleash\", \"url\": \"https://unleash.example.com\", \"environments\": "
            + "{\"prod\": \"production\"}} to .claude/deployment-config.json and export UNLEASH_ADMIN_TOKEN");
  }
}
