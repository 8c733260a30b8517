package dev.deploypipeline.compose;

import dev.deploypipeline.compose.YNode.Entry;
import dev.deploypipeline.compose.YNode.YMap;
import dev.deploypipeline.compose.YNode.YScalar;
import java.util.regex.Pattern;

/**
 * Settings that weaken isolation (privileged, host networking, all capabilities, the Docker socket) and secrets
 * written as literals. A value that came from {@code ${VAR}} is a placeholder, not a literal, and is fine.
 */
final class SecurityCheck {
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)$|(?i).*_PASS$");

  private SecurityCheck() {}

  static void check(Project p, Findings out) {
    for (Project.Service svc : p.activeServices()) {
      YMap def = svc.def();
      String name = svc.name();
      if (def.get("privileged") instanceof YScalar s && s.isTrue()) {
        out.add(Rule.PRIVILEGED, def.keyPos("privileged"), "service '" + name + "' runs privileged",
            "grant only the capabilities it needs with cap_add, or devices:");
      }
      if ("host".equals(def.text("network_mode"))) {
        out.add(Rule.NETWORK_MODE_HOST, def.keyPos("network_mode"), "service '" + name + "' uses the host network",
            "use a bridge network and publish only the ports it needs");
      }
      for (YNode cap : Project.items(def.get("cap_add"))) {
        if (cap instanceof YScalar c && c.value() != null && (c.value().equals("ALL") || c.value().equals("CAP_ALL"))) {
          out.add(Rule.CAP_ADD_ALL, c.pos(), "service '" + name + "' adds ALL capabilities", "list only the capabilities it needs");
        }
      }
      for (YNode v : Project.items(def.get("volumes"))) {
        String source = v instanceof YScalar s ? s.value() : v instanceof YMap m ? m.text("source") : null;
        if (source != null && hostPart(source).endsWith("docker.sock")) {
          out.add(Rule.DOCKER_SOCKET, v.pos(), "service '" + name + "' mounts the Docker socket, which is root on the host",
              "use a socket proxy with a narrow API allow-list, or mount it read-only only if it truly needs it");
        }
      }
      environment(name, def.get("environment"), out);
    }
  }

  private static String hostPart(String volume) {
    int colon = volume.indexOf(':');
    return colon < 0 ? volume : volume.substring(0, colon);
  }

  private static void environment(String service, YNode env, Findings out) {
    if (env instanceof YMap m) {
      for (Entry e : m.entries().values()) {
        if (e.value() instanceof YScalar v) literal(service, e.key(), v, v.raw(), e.keyPos(), out);
      }
      return;
    }
    for (YNode item : Project.items(env)) {
      if (!(item instanceof YScalar s) || s.raw() == null) continue;
      int eq = s.raw().indexOf('=');
      if (eq > 0) literal(service, s.raw().substring(0, eq), s, s.raw().substring(eq + 1), s.pos(), out);
    }
  }

  private static void literal(String service, String key, YScalar v, String rawValue, Pos pos, Findings out) {
    if (!SECRET_KEY.matcher(key).matches() || rawValue == null) return;
    String value = rawValue.strip();
    if (value.isEmpty() || value.contains("$") || v.kind() == YNode.Kind.BOOL || v.kind() == YNode.Kind.INT) return;
    if (value.startsWith("/") || value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) return;
    out.add(Rule.LITERAL_SECRET, pos, "service '" + service + "': " + key + " is set to a literal value in the compose file",
        "use " + key + ": ${" + key + "} with the value in an untracked .env, or a secrets: entry");
  }
}
