package dev.deploypipeline.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** Rules between an environment's target, router and strategy that one field's annotations cannot say. */
final class ProgressiveChecks {
  private ProgressiveChecks() {}

  static List<String> check(String env, EnvironmentSpec e) {
    List<String> p = new ArrayList<>();
    String at = "environments." + env + ".";
    StrategySpec s = e.strategy();
    boolean needsRouter = s != null && !"recreate".equals(s.type());
    if ((e.router() != null || s != null) && e.target() == null) {
      p.add(at + "target: is required with " + (e.router() != null ? "router" : "strategy")
          + "; add {\"type\": \"process\", \"command\": \"...\"}");
    }
    if (e.target() != null && needsRouter && e.router() == null && !e.composeTarget()) {
      p.add(at + "router: is required for the " + s.type() + " strategy; add {\"type\": \"caddy\"} or "
          + "{\"type\": \"haproxy\"}");
    }
    if (e.target() != null && e.deploy() != null) {
      p.add(at + "deploy: remove it, or remove target: an environment is deployed either by its command or by "
          + "its target, not both");
    }
    TargetSpec t = e.target();
    if (t != null && !t.portList().isEmpty()) {
      if (t.portList().size() < t.instanceCount() * 2 && needsRouter) {
        p.add(at + "target.ports: names " + t.portList().size() + " ports but " + s.type() + " runs up to "
            + t.instanceCount() * 2 + " instances at once (old and new); name at least that many, or leave ports "
            + "out so free ones are picked");
      }
      if (new HashSet<>(t.portList()).size() != t.portList().size()) {
        p.add(at + "target.ports: lists a port twice; each instance needs its own");
      }
    }
    if (s != null && "canary".equals(s.type()) && s.steps() != null) {
      int last = 0;
      for (int i = 0; i < s.steps().size(); i++) {
        StepSpec step = s.steps().get(i);
        if (step == null || step.weight() == null) continue;
        if (step.weight() <= last) {
          p.add(at + "strategy.steps[" + i + "].weight: must be greater than the step before (" + last + ")");
        }
        last = step.weight();
      }
      if (last != 100 && last != 0) {
        p.add(at + "strategy.steps: the last step must have weight 100 so the canary is promoted; add "
            + "{\"weight\": 100}");
      }
    }
    if (s != null && "rolling".equals(s.type()) && e.target() != null && s.batch() > e.target().instanceCount()) {
      p.add(at + "strategy.batchSize: is " + s.batch() + " but target.instances is " + e.target().instanceCount()
          + "; use at most that");
    }
    return p;
  }
}
