package dev.deploypipeline.config;

import dev.deploypipeline.flags.FlagsConfig;
import dev.deploypipeline.flags.RampSpec;
import dev.deploypipeline.text.DidYouMean;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules of the {@code flags} section that span fields: mapped environments are ours, and a ramp runs after an
 * environment whose release the pipeline itself rolls out (a target with a router), since that rollout's analysis is
 * what judges each step of the ramp.
 */
final class FlagsChecks {
  private FlagsChecks() {}

  static List<String> check(PipelineConfig c) {
    FlagsConfig f = c.flags();
    List<String> p = new ArrayList<>();
    if (f == null) return p;
    for (String env : f.environments().keySet()) {
      if (!c.environmentNames().contains(env)) {
        p.add("flags.environments." + env + ": unknown environment" + hint(env, c) + " (ours are "
            + String.join(", ", c.environmentNames()) + "; the value is the Unleash environment it maps to)");
      }
    }
    for (int i = 0; i < f.ramps().size(); i++) {
      RampSpec r = f.ramps().get(i);
      String path = "flags.ramps[" + i + "]";
      if (r == null) continue;
      String env = r.environmentOrDefault();
      if (!c.environmentNames().contains(env)) {
        p.add(path + ".environment: unknown environment '" + env + "'" + hint(env, c) + " ("
            + oneOf(c.environmentNames()) + ")");
        continue;
      }
      EnvironmentSpec e = c.environment(env);
      if (e != null && (e.target() == null || e.router() == null)) {
        p.add(path + ".environment: " + env + " has no target and router, so no analysis can judge the ramp; give "
            + env + " a target and router (see docs/strategies.md) or ramp the flag by hand with "
            + "`deployment-pipeline flags rollout`");
      }
      List<Integer> steps = r.steps() == null ? List.of() : r.steps();
      for (int s = 1; s < steps.size(); s++) {
        if (steps.get(s) != null && steps.get(s - 1) != null && steps.get(s) <= steps.get(s - 1)) {
          p.add(path + ".steps[" + s + "]: must be greater than the step before (" + steps.get(s - 1)
              + "); a ramp only goes up");
        }
      }
    }
    return p;
  }

  private static String oneOf(List<String> names) {
    if (names.size() < 2) return String.join("", names);
    return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
  }

  private static String hint(String s, PipelineConfig c) {
    String d = DidYouMean.closest(s, c.environmentNames());
    return d == null ? "" : "; did you mean '" + d + "'?";
  }
}
