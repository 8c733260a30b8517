package dev.deploypipeline.config;

import java.util.ArrayList;
import java.util.List;

/**
 * What each kind of target needs. A process target starts instances of its command beside the old ones, so a
 * router can shift traffic between them. A Compose target replaces its services' containers in place (Compose
 * has one container set per service and project), so there is nothing to shift traffic between: no router, no
 * strategy but recreate, and a failed verification is undone by running the previous tag again.
 */
final class ComposeTargetChecks {
  private ComposeTargetChecks() {}

  static List<String> check(String env, EnvironmentSpec e) {
    List<String> p = new ArrayList<>();
    TargetSpec t = e.target();
    if (t == null || t.type() == null) return p;
    String at = "environments." + env + ".";
    if (!t.compose()) {
      if (t.command() == null || t.command().isBlank()) {
        p.add(at + "target.command: is required: the command that starts one instance, e.g. \"java Service.java\" "
            + "(it gets PORT and VERSION in its environment)");
      }
      for (String[] f : new String[][] {{"file", t.file()}, {"project", t.project()},
          {"healthTimeoutSeconds", str(t.healthTimeoutSeconds())}}) {
        if (f[1] != null) p.add(at + "target." + f[0] + ": is for a compose target; remove it, or set \"type\": "
            + "\"compose\"");
      }
      if (t.services() != null) {
        p.add(at + "target.services: is for a compose target; remove it, or set \"type\": \"compose\"");
      }
      return p;
    }
    for (String[] f : new String[][] {{"command", t.command()}, {"instances", str(t.instances())},
        {"healthPath", t.healthPath()}, {"versionPath", t.versionPath()},
        {"startTimeoutSeconds", str(t.startTimeoutSeconds())}}) {
      if (f[1] != null) p.add(at + "target." + f[0] + ": is for a process target; a compose target runs the "
          + "services of target.file (the healthcheck in the file and environments." + env + ".healthCheck say when "
          + "they are healthy; healthTimeoutSeconds how long to wait)");
    }
    if (e.router() != null) {
      p.add(at + "router: a compose target replaces its containers in place, so there is no traffic to shift; "
          + "remove router (a process target with a router does canary and blue-green)");
    }
    if (e.strategy() != null && !"recreate".equals(e.strategy().type())) {
      p.add(at + "strategy.type: a compose target deploys in place, so only \"recreate\" applies; remove "
          + "strategy, or use a process target for " + e.strategy().type());
    }
    if (new java.util.HashSet<>(t.serviceList()).size() != t.serviceList().size()) {
      p.add(at + "target.services: lists a service twice");
    }
    return p;
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
