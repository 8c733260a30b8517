package dev.deploypipeline.generate;

import dev.deploypipeline.hosting.HostedService;
import dev.deploypipeline.hosting.HostingConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Compose file for the hosting section's container services. The format is the Compose Specification without
 * a top-level {@code version} or {@code name}: Compose v1 (1.27+) reads a file without {@code version} as the
 * specification, v2 warns that {@code version} is obsolete, and v1 rejects {@code name}; the project name goes on
 * the command line instead. Every string is written double-quoted (JSON escapes are valid YAML), so no value can
 * change the structure, and the output is byte-for-byte the same for the same input.
 */
final class ComposeRenderer {
  /** The image tag when none is given: the version being deployed, {@code latest} when TAG is unset. */
  static final String TAG = "${TAG:-latest}";
  static final String RESTART = "unless-stopped";
  static final String HEALTH_INTERVAL = "10s";
  static final String HEALTH_TIMEOUT = "5s";
  static final int HEALTH_RETRIES = 3;
  static final String HEALTH_START_PERIOD = "10s";

  private ComposeRenderer() {}

  static String render(HostingConfig h) {
    StringBuilder y = new StringBuilder("services:\n");
    TreeSet<String> namedVolumes = new TreeSet<>();
    for (Map.Entry<String, HostedService> e : h.containers().entrySet()) {
      HostedService s = e.getValue();
      y.append("  ").append(e.getKey()).append(":\n");
      y.append("    image: ").append(q(s.untaggedImage() ? s.image() + ":" + TAG : s.image())).append('\n');
      y.append("    restart: ").append(RESTART).append('\n');
      if (s.command() != null) y.append("    command: ").append(flow(s.command())).append('\n');
      if (s.envFile() != null) y.append("    env_file:\n      - ").append(q(s.envFile())).append('\n');
      if (s.environment() != null && !s.environment().isEmpty()) {
        y.append("    environment:\n");
        new java.util.TreeMap<>(s.environment()).forEach((k, v) -> y.append("      ").append(k).append(": ")
            .append(q(v)).append('\n'));
      }
      if (h.hostNetwork()) {
        y.append("    network_mode: host\n");
      } else if (s.port() != null) {
        // Loopback only: Caddy (or a native client) on this host is the way in, never the container port itself.
        y.append("    ports:\n      - ").append(q("127.0.0.1:" + s.port() + ":" + s.innerPort())).append('\n');
      }
      if (s.port() != null && s.healthPath() != null) {
        String url = "http://127.0.0.1:" + s.innerPort() + s.healthPath();
        y.append("    healthcheck:\n")
            .append("      test: ").append(flow(List.of("CMD-SHELL", "wget -q -O /dev/null " + url + " || exit 1")))
            .append('\n')
            .append("      interval: ").append(HEALTH_INTERVAL).append('\n')
            .append("      timeout: ").append(HEALTH_TIMEOUT).append('\n')
            .append("      retries: ").append(HEALTH_RETRIES).append('\n')
            .append("      start_period: ").append(HEALTH_START_PERIOD).append('\n');
      }
      if (s.volumes() != null && !s.volumes().isEmpty()) {
        y.append("    volumes:\n");
        for (String v : s.volumes()) {
          y.append("      - ").append(q(v)).append('\n');
          String source = v.split(":", 2)[0];
          if (v.contains(":") && source.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) namedVolumes.add(source);
        }
      }
    }
    if (!namedVolumes.isEmpty()) {
      y.append("volumes:\n");
      namedVolumes.forEach(v -> y.append("  ").append(v).append(": {}\n"));
    }
    return y.toString();
  }

  private static String q(String s) {
    return JsonMapper.shared().writeValueAsString(s);
  }

  private static String flow(List<String> items) {
    return "[" + String.join(", ", items.stream().map(ComposeRenderer::q).toList()) + "]";
  }
}
