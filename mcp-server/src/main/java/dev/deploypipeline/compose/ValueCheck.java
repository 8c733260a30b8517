package dev.deploypipeline.compose;

import dev.deploypipeline.compose.YNode.YMap;
import dev.deploypipeline.compose.YNode.YScalar;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** restart policies, Go-style durations, and container names that must be unique on the host. */
final class ValueCheck {
  private static final Pattern RESTART = Pattern.compile("no|always|unless-stopped|on-failure(:\\d+)?");
  private static final Pattern DURATION =
      Pattern.compile("[-+]?(((\\d+(\\.\\d*)?)|(\\.\\d+))(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+|0");
  private static final String[] HEALTH_DURATIONS = {"interval", "timeout", "start_period", "start_interval"};

  private ValueCheck() {}

  static void check(Project p, Findings out) {
    Map<String, Pos> names = new HashMap<>();
    for (Project.Service svc : p.activeServices()) {
      YMap def = svc.def();
      if (def.get("restart") instanceof YScalar r && !r.unresolved() && !r.isNull()
          && !RESTART.matcher(r.value()).matches()) {
        out.add(Rule.RESTART_VALUE, r.pos(), "service '" + svc.name() + "': restart '" + r.value() + "' is not a restart policy",
            "use no, always, on-failure[:max-retries] or unless-stopped" + ("false".equals(r.value()) ? " (quote \"no\")" : ""));
      }
      duration(svc.name(), "stop_grace_period", def.get("stop_grace_period"), out);
      YMap hc = def.map("healthcheck");
      if (hc != null) for (String key : HEALTH_DURATIONS) duration(svc.name(), "healthcheck." + key, hc.get(key), out);
      YMap deploy = def.map("deploy");
      if (deploy != null) {
        for (String section : new String[] {"update_config", "rollback_config"}) {
          YMap m = deploy.map(section);
          if (m != null) for (String key : new String[] {"delay", "monitor"}) duration(svc.name(), "deploy." + section + "." + key, m.get(key), out);
        }
        YMap rp = deploy.map("restart_policy");
        if (rp != null) for (String key : new String[] {"delay", "window"}) duration(svc.name(), "deploy.restart_policy." + key, rp.get(key), out);
      }
      if (def.get("container_name") instanceof YScalar cn && cn.value() != null && !cn.unresolved()) {
        Pos first = names.putIfAbsent(cn.value(), cn.pos());
        if (first != null) {
          out.add(Rule.DUPLICATE_CONTAINER_NAME, cn.pos(), "service '" + svc.name() + "': container_name '" + cn.value()
              + "' is already used at " + first.where(), "give each service its own container_name, or drop it");
        }
      }
    }
  }

  private static void duration(String service, String field, YNode node, Findings out) {
    if (!(node instanceof YScalar s) || s.isNull() || s.unresolved()) return;
    if (DURATION.matcher(s.value()).matches()) return;
    out.add(Rule.DURATION_SYNTAX, s.pos(), "service '" + service + "': " + field + " '" + s.value() + "' is not a duration",
        "write a number with a unit, e.g. 10s, 1m30s, 500ms");
  }
}
