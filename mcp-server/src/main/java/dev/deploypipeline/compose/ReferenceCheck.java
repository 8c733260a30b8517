package dev.deploypipeline.compose;

import dev.deploypipeline.compose.YNode.Entry;
import dev.deploypipeline.compose.YNode.YMap;
import dev.deploypipeline.compose.YNode.YScalar;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Networks, named volumes, secrets and configs a service uses must be declared at top level. A volume source
 * that is not a path ({@code /}, {@code ./}, {@code ~}, a Windows drive) is a named volume, as in compose-go.
 */
final class ReferenceCheck {
  private static final Pattern WINDOWS_PATH = Pattern.compile("^[A-Za-z]:[\\\\/].*");

  private ReferenceCheck() {}

  static void check(Project p, Findings out) {
    Set<String> networks = p.declared("networks");
    Set<String> volumes = p.declared("volumes");
    Set<String> secrets = p.declared("secrets");
    Set<String> configs = p.declared("configs");
    for (Project.Service svc : p.activeServices()) {
      YMap def = svc.def();
      if (def.get("network_mode") == null) {
        for (Entry e : Project.names(def.get("networks"))) {
          if (!e.key().equals("default") && !networks.contains(e.key())) {
            out.add(Rule.UNDEFINED_NETWORK, e.keyPos(), "service '" + svc.name() + "' uses network '" + e.key()
                + "', which is not declared under top-level networks", "add it under networks: (external: true if it already exists)");
          }
        }
      }
      for (YNode v : Project.items(def.get("volumes"))) volume(svc.name(), v, volumes, out);
      refs(svc.name(), def.get("secrets"), secrets, Rule.UNDEFINED_SECRET, "secret", "secrets", out);
      refs(svc.name(), def.get("configs"), configs, Rule.UNDEFINED_CONFIG, "config", "configs", out);
      if (def.get("build") instanceof YMap build) {
        refs(svc.name(), build.get("secrets"), secrets, Rule.UNDEFINED_SECRET, "secret", "secrets", out);
      }
    }
  }

  private static void volume(String service, YNode v, Set<String> declared, Findings out) {
    String source = null;
    if (v instanceof YScalar s && !s.unresolved() && s.value() != null) {
      String spec = s.value();
      int colon = WINDOWS_PATH.matcher(spec).matches() ? spec.indexOf(':', 2) : spec.indexOf(':');
      if (colon <= 0) return;
      source = spec.substring(0, colon);
      if (isPath(source)) return;
    } else if (v instanceof YMap m && "volume".equals(m.text("type"))) {
      YNode src = m.get("source");
      if (src instanceof YScalar s && s.unresolved()) return;
      source = m.text("source");
    }
    if (source == null || source.isEmpty() || declared.contains(source)) return;
    out.add(Rule.UNDEFINED_VOLUME, v.pos(), "service '" + service + "' mounts named volume '" + source
            + "', which is not declared under top-level volumes",
        "declare it under volumes:, or write ./" + source + " if you meant a bind mount of a host directory");
  }

  static boolean isPath(String source) {
    return source.startsWith("/") || source.startsWith(".") || source.startsWith("~") || source.startsWith("\\")
        || source.startsWith("$") || WINDOWS_PATH.matcher(source).matches();
  }

  private static void refs(String service, YNode list, Set<String> declared, Rule rule, String what, String section, Findings out) {
    for (YNode item : Project.items(list)) {
      String name;
      Pos pos = item.pos();
      if (item instanceof YScalar s) name = s.unresolved() ? null : s.value();
      else if (item instanceof YMap m) name = m.get("source") instanceof YScalar src && !src.unresolved() ? src.value() : null;
      else continue;
      if (name == null || name.isEmpty() || declared.contains(name)) continue;
      out.add(rule, pos, "service '" + service + "' uses " + what + " '" + name + "', which is not declared under top-level " + section,
          "add it under " + section + ": with file:, environment: or external: true");
    }
  }
}
