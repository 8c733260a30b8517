package dev.deploypipeline.store;

import dev.deploypipeline.store.pg.PgSettings;
import dev.deploypipeline.store.pg.PostgresDeploymentStore;
import dev.deploypipeline.testutil.RealPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract on a real PostgreSQL (scripts/postgres.sh): a schema of its own for this class, emptied before
 * each test; the other instance has its own connection pool, as another server process would.
 */
class PostgresDeploymentStoreContractTest extends DeploymentStoreContract {
  static RealPostgres pg;
  static PgSettings settings;
  @TempDir Path logs;
  PostgresDeploymentStore first;
  PostgresDeploymentStore second;

  @BeforeAll
  static void schema() {
    pg = RealPostgres.require();
    settings = pg.freshSchema("contract");
  }

  @AfterAll
  static void dropSchema() {
    if (settings != null) pg.dropSchema(settings.schema());
  }

  @BeforeEach
  void open() {
    first = PostgresDeploymentStore.open(settings, logs, clock);
    second = PostgresDeploymentStore.open(settings, logs, clock);
    pg.emptyStore(settings);
  }

  @AfterEach
  void close() {
    first.close();
    second.close();
  }

  @Override
  DeploymentStore store() {
    return first;
  }

  @Override
  DeploymentStore otherInstance() {
    return second;
  }
}
