package dev.deploypipeline.hostcheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads the {@code hosting} section of {@code .claude/deployment-config.json|yaml} as plain data (YAML 1.2 reads
 * JSON too). The host checks must run on a host whose config does not validate yet (that is what they are for), so
 * this reader is lenient: a missing section means the defaults, and only a wrong type is an error.
 */
public final class HostingReader {
  static final List<String> CONFIG_FILES =
      List.of("deployment-config.json", "deployment-config.yaml", "deployment-config.yml");
  static final List<String> COMPOSE_FILES =
      List.of("docker-compose.yml", "docker-compose.yaml", "compose.yaml", "compose.yml");

  private HostingReader() {}

  /** The hosting facts of the project in {@code projectDir}; {@link IllegalArgumentException} names a bad field. */
  public static Hosting read(Path projectDir) {
    Map<?, ?> root = configTree(projectDir);
    Map<?, ?> h = root.get("hosting") == null ? Map.of() : map(root.get("hosting"), "hosting");
    String service = root.get("service") instanceof String s ? s : projectDir.toAbsolutePath().getFileName().toString();
    String project = text(h, "project", "hosting.project", service);
    String compose = text(h, "composeFile", "hosting.composeFile", null);
    if (compose == null) compose = firstExisting(projectDir, COMPOSE_FILES);
    Map<?, ?> caddy = h.get("caddy") == null ? null : map(h.get("caddy"), "hosting.caddy");
    String caddyfile = caddy == null ? null : text(caddy, "caddyfile", "hosting.caddy.caddyfile", null);
    if (caddyfile == null) caddyfile = firstExisting(projectDir, List.of("Caddyfile"));
    String admin = caddy == null ? null : text(caddy, "admin", "hosting.caddy.admin", null);
    if (admin == null && (caddy != null || caddyfile != null)) admin = Hosting.DEFAULT_CADDY_ADMIN;
    List<Hosting.Service> services = new ArrayList<>();
    if (h.get("services") != null) {
      for (Map.Entry<?, ?> e : map(h.get("services"), "hosting.services").entrySet()) {
        String name = String.valueOf(e.getKey());
        String path = "hosting.services." + name;
        Map<?, ?> s = map(e.getValue(), path);
        services.add(new Hosting.Service(name, text(s, "image", path + ".image", null), port(s.get("port"), path),
            text(s, "subdomain", path + ".subdomain", null), text(s, "healthPath", path + ".healthPath", null),
            s.get("native") != null));
      }
    }
    return new Hosting(project, compose, admin, caddyfile, services);
  }

  /**
   * {@code environments.<env>.target} as written (e.g. {@code {"type": "compose", "file": …, "project": …,
   * "services": […]}}), or an empty map.
   */
  public static Map<?, ?> target(Path projectDir, String environment) {
    if (!(configTree(projectDir).get("environments") instanceof Map<?, ?> envs)) return Map.of();
    if (!(envs.get(environment) instanceof Map<?, ?> env)) return Map.of();
    return env.get("target") instanceof Map<?, ?> t ? t : Map.of();
  }

  private static Map<?, ?> configTree(Path projectDir) {
    for (String name : CONFIG_FILES) {
      Path f = projectDir.resolve(".claude").resolve(name);
      if (!Files.isRegularFile(f)) continue;
      try {
        Object tree = new Load(LoadSettings.builder().setLabel(name).build()).loadFromString(Files.readString(f));
        return tree == null ? Map.of() : map(tree, ".claude/" + name);
      } catch (IOException | YamlEngineException e) {
        throw new IllegalArgumentException(".claude/" + name + ": cannot be read (" + firstLine(e.getMessage())
            + "); run `deployment-pipeline deploy validate` for the details");
      }
    }
    return Map.of();
  }

  private static String firstExisting(Path dir, List<String> names) {
    return names.stream().filter(n -> Files.isRegularFile(dir.resolve(n))).findFirst().orElse(null);
  }

  private static Map<?, ?> map(Object value, String path) {
    if (value instanceof Map<?, ?> m) return m;
    throw new IllegalArgumentException(path + ": must be an object, was " + describe(value));
  }

  private static String text(Map<?, ?> m, String key, String path, String otherwise) {
    Object v = m.get(key);
    if (v == null) return otherwise;
    if (v instanceof String s && !s.isBlank()) return s;
    throw new IllegalArgumentException(path + ": must be a non-empty string, was " + describe(v));
  }

  private static Integer port(Object v, String path) {
    if (v == null) return null;
    if (v instanceof Integer i && i >= 1 && i <= 65535) return i;
    throw new IllegalArgumentException(path + ".port: must be a port number from 1 to 65535, was " + describe(v));
  }

  private static String describe(Object v) {
    return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
