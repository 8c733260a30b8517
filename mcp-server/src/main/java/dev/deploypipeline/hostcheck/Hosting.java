package dev.deploypipeline.hostcheck;

import java.util.List;

/**
 * The parts of the config's {@code hosting} section the host checks and the rollback plan read (see
 * docs/check-and-rollback-plan.md), with defaults filled in: {@code composeFile} and {@code caddyfile} are null when
 * neither the config names one nor the usual file exists; {@code caddyAdmin} is null when there is no Caddy at all.
 */
public record Hosting(String project, String composeFile, String caddyAdmin, String caddyfile,
    List<Service> services) {
  public static final String DEFAULT_CADDY_ADMIN = "127.0.0.1:2019";

  /** A hosted service: a container unless {@code nativeUnit} (a systemd unit); {@code port} where it listens. */
  public record Service(String name, String image, Integer port, String subdomain, String healthPath,
      boolean nativeUnit) {}

  public Hosting {
    services = services == null ? List.of() : List.copyOf(services);
  }

  /** The systemd unit a native service runs as: {@code <project>-<service>.service}, as generate writes it. */
  public String unitOf(Service s) {
    return project + "-" + s.name() + ".service";
  }
}
