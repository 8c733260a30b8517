package dev.deploypipeline.rollout;

import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.flags.FlagProvider;
import dev.deploypipeline.flags.FlagsConfig;
import dev.deploypipeline.flags.FlagsException;
import dev.deploypipeline.flags.RampSpec;
import dev.deploypipeline.workflow.Rollout;
import dev.deploypipeline.workflow.Rollout.Member;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The flag ramps that follow an environment's promoted release ({@code flags.ramps}): each step sets the flag's
 * gradual rollout in Unleash and then runs the environment's own analysis (the canary's: health, version, error
 * rate and p95 through its router) on the instances now serving. Anything but a Successful verdict turns the flag
 * off, since the ramp has nobody to park for, and the remaining ramps are not started on a release that just
 * misbehaved. The release itself stays promoted: the flag, not the deploy, was the change under test. Every step,
 * verdict and rollback is a line in the deployment's audit trail.
 */
final class FlagRamp {
  /** Audit actions (prefixed ROLLOUT_ by the ledger). */
  static final String STEP = "FLAG_STEP";
  static final String PASSED = "FLAG_PASSED";
  static final String ROLLED_BACK = "FLAG_ROLLED_BACK";

  private final Function<FlagsConfig, FlagProvider> providers;

  FlagRamp(Function<FlagsConfig, FlagProvider> providers) {
    this.providers = providers;
  }

  /** Runs the ramps after {@code s}'s environment; one line per ramp ("flag: on at 100 %", "flag: off, …"). */
  List<String> run(Steps s, PipelineConfig config) throws InterruptedException {
    FlagsConfig cfg = config.flags();
    String env = s.ledger().environment();
    List<String> outcomes = new ArrayList<>();
    if (cfg == null || cfg.rampsAfter(env).isEmpty()) return outcomes;
    Analysis analysis = new Analysis(s.setup().router(), s.setup().probe(), s.setup().smoke(), s.setup().sleeper(),
        s.setup().clock());
    for (RampSpec ramp : cfg.rampsAfter(env)) {
      String result = ramp(s, cfg, ramp, analysis);
      outcomes.add(ramp.flag() + ": " + result);
      if (!result.startsWith("on")) break;
    }
    return outcomes;
  }

  private String ramp(Steps s, FlagsConfig cfg, RampSpec ramp, Analysis analysis) throws InterruptedException {
    String target = cfg.providerEnvironment(s.ledger().environment());
    Map<String, Object> base = new LinkedHashMap<>();
    base.put("flag", ramp.flag());
    base.put("unleashEnvironment", target);
    FlagProvider provider;
    try {
      provider = providers.apply(cfg);
    } catch (FlagsException e) {
      return failed(s, base, null, e);
    }
    for (int percent : ramp.steps()) {
      Map<String, Object> step = new LinkedHashMap<>(base);
      step.put("percent", percent);
      try {
        provider.rollout(ramp.flag(), target, percent);
      } catch (FlagsException e) {
        return failed(s, step, provider, e);
      }
      s.ledger().save(r -> r, STEP, step);
      String at = "flag " + ramp.flag() + "@" + percent + "%";
      Rollout.Verdict v = analysis.run(s.setup().strategy().analysisOrDefault(), subject(s, at));
      Verdict verdict = Verdict.valueOf(v.verdict().toUpperCase(Locale.ROOT));
      Map<String, Object> judged = new LinkedHashMap<>(step);
      judged.putAll(Verdict.details(v));
      if (verdict == Verdict.SUCCESSFUL) {
        s.ledger().save(r -> r, PASSED, judged);
        continue;
      }
      String why = "analysis " + at + " " + v.verdict() + " on " + v.failingCheck();
      off(s, judged, provider, why);
      if (verdict == Verdict.CANCELLED) throw new InterruptedException(why);
      return "off, " + why;
    }
    return "on at " + ramp.steps().get(ramp.steps().size() - 1) + " %";
  }

  private static Analysis.Subject subject(Steps s, String at) {
    List<String> serving = s.fresh().stream().map(Member::address).toList();
    return new Analysis.Subject(at, s.setup().version(), serving, List.of(), true, s.setup().targetSpec().health(),
        s.setup().targetSpec().version());
  }

  private static String failed(Steps s, Map<String, Object> details, FlagProvider provider, FlagsException e)
      throws InterruptedException {
    String why = "Unleash: " + e.getMessage();
    if (provider != null) off(s, details, provider, why);
    else s.ledger().save(r -> r, ROLLED_BACK, with(details, "reason", why));
    return "off, " + why;
  }

  /** Turns the flag off; if even that fails the audit line says so, for a human to finish by hand. */
  private static void off(Steps s, Map<String, Object> details, FlagProvider provider, String why)
      throws InterruptedException {
    Map<String, Object> d = with(details, "reason", why);
    try {
      provider.disable((String) details.get("flag"), (String) details.get("unleashEnvironment"));
      d.put("flagOff", true);
    } catch (FlagsException e) {
      d.put("flagOff", false);
      d.put("disableError", e.getMessage());
    }
    s.ledger().save(r -> r, ROLLED_BACK, d);
  }

  private static Map<String, Object> with(Map<String, Object> m, String k, Object v) {
    Map<String, Object> out = new LinkedHashMap<>(m);
    out.put(k, v);
    return out;
  }
}
