package dev.deploypipeline.compose;

import dev.deploypipeline.compose.YNode.YMap;
import dev.deploypipeline.compose.YNode.YScalar;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Port syntax for every service, and host-port conflicts between active services (ranges expanded, so
 * {@code 8000-8010:80-90} collides with {@code 8005:80}). Values reached through anchors and merges are
 * already in place in the tree, so conflicts through them are found the same way.
 */
final class PortCheck {
  private record Binding(String service, PortSpec spec, Pos pos) {}

  private PortCheck() {}

  static void check(Project project, Findings out) {
    List<Binding> seen = new ArrayList<>();
    for (Project.Service svc : project.activeServices()) {
      boolean hostNetwork = "host".equals(svc.def().text("network_mode"));
      Set<String> sameService = new HashSet<>();
      for (YNode item : Project.items(svc.def().get("ports"))) {
        PortSpec spec = parse(svc.name(), item, out);
        if (spec == null || !spec.publishesHostPort() || hostNetwork) continue;
        if (!sameService.add(spec.toString())) continue;
        conflict(svc, spec, item.pos(), seen, out);
        seen.add(new Binding(svc.name(), spec, item.pos()));
      }
    }
  }

  static PortSpec parse(String service, YNode item, Findings out) {
    try {
      if (item instanceof YScalar s) {
        if (s.unresolved() || s.value() == null) return null;
        return PortSpec.parse(s.value());
      }
      if (item instanceof YMap m) {
        if (m.get("target") == null) {
          out.add(Rule.PORT_SYNTAX, m.pos(), "service '" + service + "': port mapping has no target",
              "add target: <container port>");
          return null;
        }
        if (unresolved(m)) return null;
        String published = m.text("published");
        return PortSpec.of(nz(m.text("host_ip")), nz(published), nz(m.text("target")),
            m.text("protocol") == null ? "tcp" : m.text("protocol").toLowerCase(java.util.Locale.ROOT));
      }
    } catch (PortSpec.Invalid e) {
      out.add(Rule.PORT_SYNTAX, item.pos(), "service '" + service + "': invalid port '" + describe(item) + "': " + e.getMessage(),
          "use [IP:][HOST:]CONTAINER[/tcp|udp], e.g. 127.0.0.1:8080:80/tcp");
    }
    return null;
  }

  private static void conflict(Project.Service svc, PortSpec spec, Pos pos, List<Binding> seen, Findings out) {
    String service = svc.name();
    for (Binding b : seen) {
      if (!spec.sharesAddressWith(b.spec())) continue;
      int lo = Math.max(spec.hostStart(), b.spec().hostStart());
      int hi = Math.min(spec.hostEnd(), b.spec().hostEnd());
      if (lo > hi) continue;
      String owner = b.service().equals(service) ? "the same service" : "service '" + b.service() + "'";
      out.add(Rule.PORT_CONFLICT, pos,
          "service '" + service + "' publishes host port " + lo + "/" + spec.protocol() + viaAnchor(svc, pos)
              + ", already published by " + owner + " at " + b.pos().where(),
          "use a different host port, or bind each to a different host IP");
      return;
    }
  }

  /** A mapping merged in from an anchor sits outside the service's own lines; say so, or the line looks wrong. */
  private static String viaAnchor(Project.Service svc, Pos pos) {
    boolean outside = !pos.file().equals(svc.keyPos().file()) || pos.line() < svc.keyPos().line();
    return outside && pos.file().equals(svc.keyPos().file())
        ? " (via an anchor merged into it at line " + svc.keyPos().line() + ")" : "";
  }

  private static boolean unresolved(YMap m) {
    for (var e : m.entries().values()) if (e.value() instanceof YScalar s && s.unresolved()) return true;
    return false;
  }

  private static String describe(YNode item) {
    return item instanceof YScalar s ? s.value() : "long syntax";
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
