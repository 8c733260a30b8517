package dev.deploypipeline.hostcheck;

/**
 * The checks {@link HostChecker} runs, in order: each check is named by its id, or starts with it ({@code port
 * 127.0.0.1:8080/tcp}, {@code systemd shop-api.service}). The health-checks skill's table is {@link #markdownTable}
 * (a test keeps the two in step).
 */
public enum CheckKind {
  DISK_PROJECT("disk-project", "free space on the project's filesystem",
      "below " + Thresholds.DEFAULT_DISK_MB + " MB or " + Thresholds.DEFAULT_DISK_PERCENT + " % free "
          + "(--min-disk-mb, --min-disk-percent)"),
  DISK_DOCKER("disk-docker", "free space on Docker's data root (from the daemon's /info)", "the same thresholds"),
  MEMORY("memory", "MemAvailable in /proc/meminfo", "below " + Thresholds.DEFAULT_MEMORY_MB + " MB (--min-memory-mb)"),
  PORT("port", "every host port the compose file publishes and every hosting.services.*.port, by binding it",
      "in use (with --running / running: true, in use is expected)"),
  DOCKER("docker", "the daemon's API (/_ping, /version, /info) at DOCKER_HOST or /var/run/docker.sock",
      "no answer while the project runs containers (skipped otherwise)"),
  COMPOSE_CONFIG("compose-config", "the compose file with compose_validate, then `docker-compose config -q`",
      "either refuses it (a warning when docker-compose is not installed)"),
  CADDY_ADMIN("caddy-admin", "GET /config/ on Caddy's admin API (hosting.caddy.admin, default "
      + Hosting.DEFAULT_CADDY_ADMIN + ")", "no answer, or an admin address off loopback"),
  SYSTEMD("systemd", "`systemctl is-active <project>-<service>.service` for native services",
      "failed or unknown (inactive is a warning); skipped when PID 1 is not systemd");

  public final String id;
  public final String looksAt;
  public final String failsWhen;

  CheckKind(String id, String looksAt, String failsWhen) {
    this.id = id;
    this.looksAt = looksAt;
    this.failsWhen = failsWhen;
  }

  /** The kind a check's name belongs to. */
  public static CheckKind of(String checkName) {
    for (CheckKind k : values()) {
      if (checkName.equals(k.id) || checkName.startsWith(k.id + " ")) return k;
    }
    throw new IllegalArgumentException("no check kind for '" + checkName + "'");
  }

  public static String markdownTable() {
    StringBuilder sb = new StringBuilder("| check | looks at | fails when |\n|---|---|---|\n");
    for (CheckKind k : values()) {
      sb.append("| `").append(k.id).append("` | ").append(k.looksAt).append(" | ").append(k.failsWhen).append(" |\n");
    }
    return sb.toString();
  }
}
