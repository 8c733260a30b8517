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
  // One pool per database, schema, user and project for the life of the process: services are built more than once.
  private static final Map<String, PostgresDeploymentStore> OPEN = new ConcurrentHashMap<>();

  private Stores() {}

  /** The project's local store directory: the file store, or stage logs beside a database store. */
  public static Path localDir(Path projectDir) {
    return projectDir.resolve(".claude").resolve("deployments");
  }

  public static DeploymentStore open(Path projectDir, Map<String, String> env, Clock clock) {
    Optional<PgSettings> pg = settings(env);
    if (pg.isEmpty()) return new FileDeploymentStore(localDir(projectDir), clock);
    PgSettings s = pg.get();
    String key = s.url() + "#" + s.schema() + "#" + s.user() + "#" + localDir(projectDir);
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
