package dev.deploypipeline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.store.DeploymentStore;
import dev.deploypipeline.store.FileDeploymentStore;
import dev.deploypipeline.store.StoreException;
import dev.deploypipeline.store.pg.PgSettings;
import dev.deploypipeline.store.pg.PostgresDeploymentStore;
import dev.deploypipeline.testutil.RealPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoresTest {
  @TempDir Path project;

  @Test
  void withoutTheUrlVariableItIsTheProjectsFiles() {
    DeploymentStore s = Stores.open(project, Map.of(PgSettings.URL_VAR, " "), Clock.systemUTC());
    assertThat(s).isInstanceOf(FileDeploymentStore.class);
    assertThat(s.root()).isEqualTo(project.resolve(".claude/deployments"));
  }

  @Test
  void withItItIsPostgresWithStageLogsStillInTheProject() {
    RealPostgres pg = RealPostgres.require();
    PgSettings settings = pg.freshSchema("stores");
    try {
      Map<String, String> env = RealPostgres.environment(settings);
      DeploymentStore s = Stores.open(project, env, Clock.systemUTC());
      assertThat(s).isInstanceOf(PostgresDeploymentStore.class);
      assertThat(((PostgresDeploymentStore) s).settings().schema()).isEqualTo(settings.schema());
      assertThat(s.logFile("d-1", "building")).startsWithRaw(project.resolve(".claude/deployments/logs"));
      assertThat(Stores.open(project, env, Clock.systemUTC())).as("one pool per database and project").isSameAs(s);
    } finally {
      pg.dropSchema(settings.schema());
    }
  }

  @Test
  void aMalformedUrlIsAStoreErrorNamingTheVariable() {
    assertThatThrownBy(() -> Stores.open(project, Map.of(PgSettings.URL_VAR, "localhost:5432"), Clock.systemUTC()))
        .isInstanceOf(StoreException.class).hasMessageContaining(PgSettings.URL_VAR)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:5432/deploy");
  }
}
