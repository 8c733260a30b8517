package dev.deploypipeline.init;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The hosting services an existing Compose file implies: each service's image (variables replaced by their
 * defaults; a build-only or unreadable image becomes {@code <project>-<service>}), the first published TCP port
 * as its port on 127.0.0.1 and the container port behind it, a site when that port speaks HTTP, the health path
 * its healthcheck requests, its first env file, list-form command and plain volume entries. What does not fit
 * the hosting model (port ranges, long-syntax volumes, string commands) is left out: the Compose file keeps it.
 */
final class ComposeImport {
  /** Well-known ports that do not speak HTTP: a service published there gets no Caddy site. */
  static final Set<Integer> NOT_HTTP = Set.of(21, 22, 25, 53, 110, 143, 389, 465, 587, 636, 993, 995, 1433, 1521,
      1883, 2181, 3306, 5432, 5672, 6379, 9042, 9092, 11211, 27017);
  /** Compose's own YAML tags (override files); a plain YAML loader rejects them, and the value is what counts. */
  private static final Pattern COMPOSE_TAGS = Pattern.compile("!(reset|override)(?=\\s)");
  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");
  private static final Pattern PORT = Pattern.compile("(?:(?:\\[[^\\]]*]|\\d+\\.\\d+\\.\\d+\\.\\d+):)?(?:(\\d+):)?(\\d+)(/tcp)?");
  private static final Pattern HEALTH_URL = Pattern.compile("https?://(?:localhost|127\\.0\\.0\\.1|0\\.0\\.0\\.0)"
      + "(?::\\d+)?(/[A-Za-z0-9._~/?=&%-]*)");
  private static final Pattern IMAGE = Pattern.compile(
      "[a-z0-9]+([._/:-][a-z0-9]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?");

  private ComposeImport() {}

  /** The services as hosting entries (plain maps, as the config file holds them), or empty if unreadable. */
  static Map<String, Map<String, Object>> services(String text, String project) {
    Object root;
    try {
      // As compose's own reader: real files (Sentry self-hosted) use hundreds of aliases and repeat keys.
      root = new Load(LoadSettings.builder().setMaxAliasesForCollections(100_000).setAllowDuplicateKeys(true)
          .setSchema(new org.snakeyaml.engine.v2.schema.CoreSchema()).build())
          .loadFromString(COMPOSE_TAGS.matcher(text).replaceAll(""));
    } catch (YamlEngineException e) {
      return Map.of();
    }
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    if (!(root instanceof Map<?, ?> m) || !(m.get("services") instanceof Map<?, ?> services)) return out;
    Set<Integer> taken = new java.util.HashSet<>();
    Set<String> names = new java.util.HashSet<>();
    services.forEach((k, v) -> {
      if (!(v instanceof Map<?, ?> svc)) return;
      String name = label(String.valueOf(k));
      if (!names.add(name)) return;
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("image", image(svc.get("image"), project + "-" + name));
      int[] port = firstPort(svc.get("ports"));
      if (port != null && taken.add(port[0])) {
        h.put("port", port[0]);
        if (port[1] != port[0]) h.put("containerPort", port[1]);
        if (!NOT_HTTP.contains(port[1])) {
          h.put("subdomain", name);
          String health = healthPath(svc.get("healthcheck"));
          if (health != null) h.put("healthPath", health);
        }
      }
      String envFile = envFile(svc.get("env_file"));
      if (envFile != null) h.put("envFile", envFile);
      if (svc.get("command") instanceof List<?> cmd && !cmd.isEmpty()
          && cmd.stream().allMatch(c -> c instanceof String s && !s.contains("\n"))) {
        h.put("command", cmd.stream().map(String::valueOf).toList());
      }
      if (svc.get("volumes") instanceof List<?> vols) {
        List<String> plain = vols.stream().filter(x -> x instanceof String s && s.matches("[^\\s$]+:[^\\s$]+"))
            .map(String::valueOf).toList();
        if (!plain.isEmpty()) h.put("volumes", plain);
      }
      out.put(name, h);
    });
    return out;
  }

  /** A lowercase DNS label from a Compose service name. */
  static String label(String name) {
    String s = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
    if (s.length() > 63) s = s.substring(0, 63).replaceAll("-+$", "");
    return s.isEmpty() ? "service" : s;
  }

  static String image(Object image, String fallback) {
    if (!(image instanceof String s)) return fallback;
    String resolved = defaults(s).replaceAll("[:@]$", "");
    return IMAGE.matcher(resolved).matches() ? resolved : fallback;
  }

  /** Each {@code ${VAR:-default}} replaced by its default, every other variable by nothing. */
  private static String defaults(String s) {
    Matcher m = VAR.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String dflt = m.group(2) != null && m.group(2).endsWith("-") ? m.group(3) : "";
      m.appendReplacement(sb, Matcher.quoteReplacement(dflt));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** {host, container} of the first single published TCP port, or null. */
  private static int[] firstPort(Object ports) {
    if (!(ports instanceof List<?> list)) return null;
    for (Object p : list) {
      Integer host = null, container = null;
      if (p instanceof Map<?, ?> lng) {
        if (lng.get("protocol") != null && !"tcp".equals(lng.get("protocol"))) continue;
        container = integer(lng.get("target"));
        host = integer(lng.get("published"));
      } else if (p != null) {
        Matcher m = PORT.matcher(defaults(String.valueOf(p)));
        if (!m.matches() || m.group(1) == null) continue;
        host = Integer.valueOf(m.group(1));
        container = Integer.valueOf(m.group(2));
      }
      if (host != null && container != null && host >= 1 && host <= 65535 && container >= 1 && container <= 65535) {
        return new int[] {host, container};
      }
    }
    return null;
  }

  private static Integer integer(Object o) {
    if (o instanceof Integer i) return i;
    if (o instanceof String s && s.matches("\\d{1,5}")) return Integer.valueOf(s);
    return null;
  }

  private static String healthPath(Object healthcheck) {
    if (!(healthcheck instanceof Map<?, ?> h) || h.get("test") == null) return null;
    Matcher m = HEALTH_URL.matcher(String.valueOf(h.get("test")));
    return m.find() ? m.group(1) : null;
  }

  private static String envFile(Object envFile) {
    Object first = envFile instanceof List<?> l && !l.isEmpty() ? l.get(0) : envFile;
    if (!(first instanceof String s)) return null;
    String path = s.startsWith("./") ? s.substring(2) : s;
    return path.matches("(?!/)(?!.*(^|/)\\.\\.(/|$))[A-Za-z0-9._/-]+") ? path : null;
  }

  /** Names of the services, for messages. */
  static List<String> names(Map<String, Map<String, Object>> services) {
    return new ArrayList<>(services.keySet());
  }
}
