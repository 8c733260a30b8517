package dev.deploypipeline.rollbackplan;

import dev.deploypipeline.compose.ComposeFacts;
import java.time.Instant;
import java.util.List;

/**
 * The facts a rollback plan is made from, gathered by the deploy layer from the store, git, the config and the
 * generated files; nothing here reads the host, so a plan is a pure function of its input.
 *
 * @param current the release running in {@code environment} now
 * @param target the release to go back to; null when there is none (the first deployment there)
 * @param compose the Compose stack deployed there, or null when the environment is not a Compose one
 * @param caddy Caddy's part, or null when the project has no Caddy
 * @param migrationDirs migration directories in the project (db/migrate, migrations/, Flyway's …)
 * @param migrationsChanged files under them that changed between the two commits; null when git could not say
 * @param healthUrls loopback URLs that answer 2xx when the service is healthy
 * @param rollbackCommand the environment's configured rollback command, or null
 */
public record PlanInput(String service, String environment, Release current, Release target, Compose compose,
    Caddy caddy, List<String> migrationDirs, List<String> migrationsChanged, List<String> healthUrls,
    String rollbackCommand, String projectDir, Instant at) {

  /** A deployment's release in the environment. */
  public record Release(String deploymentId, String version, String commit) {}

  /** The Compose file and project the environment deploys, the services it deploys (empty: all) and their facts. */
  public record Compose(String file, String project, List<String> services, ComposeFacts facts) {
    public Compose {
      services = services == null ? List.of() : List.copyOf(services);
    }
  }

  /**
   * {@code previousCaddyfile} and {@code currentCaddyfile}: the Caddyfile at the target's commit and now (null when
   * absent); {@code liveConfigBytes}: the size of the admin API's current config, or -1 with {@code liveError}.
   */
  public record Caddy(String admin, String caddyfile, String previousCaddyfile, String currentCaddyfile,
      long liveConfigBytes, String liveError) {
    public boolean changed() {
      return previousCaddyfile != null && !previousCaddyfile.equals(currentCaddyfile);
    }
  }

  public PlanInput {
    migrationDirs = migrationDirs == null ? List.of() : List.copyOf(migrationDirs);
    migrationsChanged = migrationsChanged == null ? null : List.copyOf(migrationsChanged);
    healthUrls = healthUrls == null ? List.of() : List.copyOf(healthUrls);
  }
}
