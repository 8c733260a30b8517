package dev.deploypipeline.generate;

import dev.deploypipeline.hosting.HostedService;
import dev.deploypipeline.hosting.HostingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The systemd units: {@code <project>-compose.service} brings the Compose stack up and down (a oneshot that stays
 * active; the containers' own restart policy keeps them running), and {@code <project>-<name>.service} runs each
 * native service. Paths are absolute, as systemd requires, so the units name the project directory they were
 * generated in.
 */
final class SystemdRenderer {
  private SystemdRenderer() {}

  static String composeUnitName(String project) {
    return project + "-compose.service";
  }

  static String nativeUnitName(String project, String service) {
    return project + "-" + service + ".service";
  }

  /** @param compose the Compose command line's program and leading arguments, e.g. [/usr/bin/docker-compose] */
  static String composeUnit(String project, String composeFile, Path projectDir, List<String> compose) {
    String base = String.join(" ", compose) + " -f " + composeFile + " -p " + project;
    return "[Unit]\n"
        + "Description=" + project + ": the Compose stack in " + composeFile + "\n"
        + "Requires=docker.service\n"
        + "After=docker.service network-online.target\n"
        + "Wants=network-online.target\n"
        + "\n[Service]\n"
        + "Type=oneshot\n"
        + "RemainAfterExit=yes\n"
        + "WorkingDirectory=" + escapePath(projectDir) + "\n"
        + "ExecStart=" + escape(base + " up -d --remove-orphans") + "\n"
        + "ExecStop=" + escape(base + " down") + "\n"
        + "TimeoutStartSec=600\n"
        + "\n[Install]\n"
        + "WantedBy=multi-user.target\n";
  }

  static String nativeUnit(String project, String name, HostedService s, Path projectDir) {
    List<String> service = new ArrayList<>();
    service.add("Type=simple");
    service.add("ExecStart=" + escape(s.nativeSpec().exec()));
    if (s.nativeSpec().user() != null) service.add("User=" + s.nativeSpec().user());
    service.add("WorkingDirectory=" + escapePath(projectDir));
    if (s.envFile() != null) service.add("EnvironmentFile=" + escapePath(projectDir.resolve(s.envFile())));
    Map<String, String> env = new TreeMap<>(s.environment() == null ? Map.of() : s.environment());
    if (s.port() != null) env.putIfAbsent("PORT", String.valueOf(s.port()));
    env.forEach((k, v) -> service.add("Environment=\"" + escape(k + "=" + v).replace("\\", "\\\\")
        .replace("\"", "\\\"") + "\""));
    service.add("Restart=on-failure");
    service.add("RestartSec=5s");
    service.add("NoNewPrivileges=yes");
    service.add("PrivateTmp=yes");
    return "[Unit]\n"
        + "Description=" + project + ": " + name + " (native service)\n"
        + "After=network-online.target\n"
        + "Wants=network-online.target\n"
        + "\n[Service]\n"
        + String.join("\n", service) + "\n"
        + "\n[Install]\n"
        + "WantedBy=multi-user.target\n";
  }

  /** systemd expands {@code %} specifiers in most settings: a literal one is doubled. */
  private static String escape(String s) {
    return s.replace("%", "%%");
  }

  private static String escapePath(Path p) {
    return escape(p.toAbsolutePath().normalize().toString());
  }
}
