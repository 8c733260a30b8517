package dev.deploypipeline.app;

import dev.deploypipeline.store.DeploymentStore;
import dev.deploypipeline.store.FileDeploymentStore;
import dev.deploypipeline.store.StoreException;
import dev.deploypipeline.store.pg.PgSettings;
import dev.deploypipeline.store.pg.PostgresDeploymentStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which store a process uses, chosen in this one place: PostgreSQL when the environment has
 * {@code DEPLOY_PIPELINE_STORE_URL} (team mode: every server and CLI on the same database shares deployments, leases
 * and one audit trail), else the project's files under {@code .claude/deployments}. Stage logs go under that
 * directory either way.
 */
public final class Stores {
  // One pool per database, schema, user, project and clock for the life of the process: services are built more
  // than once (a server's per-call services, tests with their own clocks).
  private static final Map<Key, PostgresDeploymentStore> OPEN = new ConcurrentHashMap<>();

  private record Key(String url, String schema, String user, Path dir, Clock clock) {}

  private Stores() {}

  /** The project's local store directory: the file store, or stage logs beside a database store. */
  public static Path localDir(Path projectDir) {
    return projectDir.resolve(".claude").resolve("deployments");
  }

  public static DeploymentStore open(Path projectDir, Map<String, String> env, Clock clock) {
    Optional<PgSettings> pg = settings(env);
    if (pg.isEmpty()) return new FileDeploymentStore(localDir(projectDir), clock);
    PgSettings s = pg.get();
    Key key = new Key(s.url(), s.schema(), s.user(), localDir(projectDir), clock);
    return OPEN.computeIfAbsent(key, k -> PostgresDeploymentStore.open(s, localDir(projectDir), clock));
  }

  /** The PostgreSQL settings the environment names, if any; a malformed one is a {@link StoreException}. */
  public static Optional<PgSettings> settings(Map<String, String> env) {
    try {
      return PgSettings.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      throw new StoreException(e.getMessage());
    }
  }
}
