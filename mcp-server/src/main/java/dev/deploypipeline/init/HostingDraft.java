package dev.deploypipeline.init;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code hosting} section setup proposes: the services of an existing Compose file, else one container built
 * from the Dockerfile (its first exposed port served as {@code www}), plus a native service per systemd unit the
 * project ships. The default domain is {@code <service>.localhost}: it resolves on this machine without DNS, and
 * its sites bind to loopback only, so a first {@code generate} exposes nothing.
 */
final class HostingDraft {
  private HostingDraft() {}

  static Map<String, Object> of(Path dir, String service, String domain, ProjectScan scan, HostingScan hosting) {
    Map<String, Map<String, Object>> services = new LinkedHashMap<>();
    if (scan.composeFile() != null) {
      services.putAll(ComposeImport.services(read(dir.resolve(scan.composeFile())), service));
    } else if (scan.dockerfile() != null) {
      Map<String, Object> web = new LinkedHashMap<>();
      web.put("image", service);
      if (!hosting.exposed().isEmpty()) {
        web.put("port", hosting.exposed().get(0));
        web.put("subdomain", "www");
      }
      services.put("web", web);
    }
    java.util.Set<Object> ports = new java.util.HashSet<>();
    services.values().forEach(s -> ports.add(s.get("port")));
    hosting.units().forEach((name, u) -> {
      String key = ComposeImport.label(name);
      if (services.containsKey(key)) key = key + "-native";
      Map<String, Object> nat = new LinkedHashMap<>();
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("exec", u.exec());
      if (u.user() != null && u.user().matches("[a-z_][a-z0-9_-]{0,31}")) spec.put("user", u.user());
      nat.put("native", spec);
      services.put(key, nat);
    });
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("project", service.replaceAll("[^a-z0-9_-]", "-"));
    h.put("domain", domain != null ? domain : Setup.defaultDomain(service));
    h.put("composeFile", scan.composeFile() != null ? scan.composeFile() : "docker-compose.yml");
    h.put("services", services);
    return h;
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }
}
