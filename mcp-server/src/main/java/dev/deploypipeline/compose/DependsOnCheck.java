package dev.deploypipeline.compose;

import dev.deploypipeline.text.DidYouMean;

import dev.deploypipeline.compose.YNode.Entry;
import dev.deploypipeline.compose.YNode.YMap;
import dev.deploypipeline.compose.YNode.YScalar;
import dev.deploypipeline.compose.YNode.YSeq;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * depends_on: targets must exist, the graph must be acyclic, and {@code service_healthy} needs a healthcheck.
 * The last is a warning: the image's own HEALTHCHECK (or an {@code extends} base) may supply one.
 */
final class DependsOnCheck {
  private DependsOnCheck() {}

  static void check(Project p, Findings out) {
    Map<String, Project.Service> all = p.allServices();
    Map<String, List<Entry>> edges = new HashMap<>();
    for (Project.Service svc : p.activeServices()) {
      List<Entry> deps = new ArrayList<>();
      for (Entry e : Project.names(svc.def().get("depends_on"))) {
        Project.Service target = all.get(e.key());
        if (target == null) {
          // A service cannot depend on itself, so it is never the name that was meant.
          List<String> others = all.keySet().stream().filter(n -> !n.equals(svc.name())).toList();
          String suggestion = DidYouMean.closest(e.key(), others, 2);
          out.add(Rule.DEPENDS_ON_UNKNOWN, e.keyPos(), "service '" + svc.name() + "' depends on '" + e.key() + "', which is not a service",
              suggestion != null ? "did you mean '" + suggestion + "'?"
                  : others.isEmpty() ? "'" + svc.name() + "' is the only service" : "other services are: " + String.join(", ", others));
          continue;
        }
        deps.add(e);
        if (e.value() instanceof YMap cond && "service_healthy".equals(cond.text("condition")) && !hasHealthcheck(target.def())) {
          out.add(Rule.DEPENDS_ON_NO_HEALTHCHECK, cond.keyPos("condition"), "service '" + svc.name() + "' waits for '" + e.key()
                  + "' to be healthy, but '" + e.key() + "' defines no healthcheck",
              "add a healthcheck to '" + e.key() + "' unless its image declares HEALTHCHECK");
        }
      }
      edges.put(svc.name(), deps);
    }
    cycles(edges, out);
  }

  private static boolean hasHealthcheck(YMap def) {
    if (def.get("extends") != null) return true;
    YMap hc = def.map("healthcheck");
    if (hc == null) return false;
    if (hc.get("disable") instanceof YScalar d && d.isTrue()) return false;
    if (hc.get("test") instanceof YSeq t && !t.items().isEmpty() && t.items().get(0) instanceof YScalar first
        && "NONE".equals(first.value())) return false;
    return true;
  }

  private static void cycles(Map<String, List<Entry>> edges, Findings out) {
    Set<String> finished = new HashSet<>();
    Set<Set<String>> reported = new HashSet<>();
    for (String start : edges.keySet()) visit(start, edges, new ArrayList<>(), finished, reported, out);
  }

  private static void visit(String node, Map<String, List<Entry>> edges, List<String> stack, Set<String> finished,
      Set<Set<String>> reported, Findings out) {
    if (finished.contains(node)) return;
    stack.add(node);
    for (Entry e : edges.getOrDefault(node, List.of())) {
      int at = stack.indexOf(e.key());
      if (at >= 0) {
        List<String> cycle = new ArrayList<>(stack.subList(at, stack.size()));
        if (reported.add(new TreeSet<>(cycle))) {
          cycle.add(e.key());
          out.add(Rule.DEPENDS_ON_CYCLE, e.keyPos(), "dependency cycle: " + String.join(" -> ", cycle),
              "remove one depends_on edge so the services can start in order");
        }
      } else {
        visit(e.key(), edges, stack, finished, reported, out);
      }
    }
    stack.remove(stack.size() - 1);
    finished.add(node);
  }
}
