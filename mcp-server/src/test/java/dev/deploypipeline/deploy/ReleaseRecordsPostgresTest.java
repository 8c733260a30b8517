package dev.deploypipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.app.App;
import dev.deploypipeline.github.GithubEmulator;
import dev.deploypipeline.harness.FakeTime;
import dev.deploypipeline.store.pg.PgSettings;
import dev.deploypipeline.testutil.RealPostgres;
import dev.deploypipeline.testutil.TestProjects;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Team mode: releases are audit lines in PostgreSQL, listed and linked exactly as with the file store. */
class ReleaseRecordsPostgresTest {
  static RealPostgres pg;
  static PgSettings settings;
  @TempDir Path dir;

  @BeforeAll
  static void schema() {
    pg = RealPostgres.require();
    settings = pg.freshSchema("releases");
  }

  @AfterAll
  static void dropSchema() {
    if (settings != null) pg.dropSchema(settings.schema());
  }

  @Test
  void createdAndPublishedLinesAreStoredAndListedWithTheDeployment() throws Exception {
    FakeTime time = new FakeTime();
    try (GithubEmulator gh = new GithubEmulator(time)) {
      Path project = TestProjects.gitProject(dir.resolve("p"), TestProjects.config("true", "true", "true", "true",
          "true", "\"release\":{\"github\":{\"apiUrl\":\"" + gh.apiUrl() + "\",\"repository\":\""
              + GithubEmulator.REPO + "\"}}"));
      TestProjects.git(project, "-c", "user.email=t@example.com", "-c", "user.name=T", "tag", "-a", "v2.1.0", "-m",
          "notes");
      Map<String, String> env = new HashMap<>(RealPostgres.environment(settings));
      env.put("GITHUB_TOKEN", GithubEmulator.TOKEN);
      DeploymentService s = App.service(project, env, time, time, List.of());
      assertThat(s.store().getClass().getSimpleName()).isEqualTo("PostgresDeploymentStore");
      ReleaseRecords.recordCreated(s.store(), time, "alice@example.com", "2.1.0", "v2.1.0",
          TestProjects.head(project), Map.of());
      var d = s.drive(s.start("svc", "main", null, "alice@example.com", "cli").id());
      new ReleasePublishing(s, env, time, time).publish(new ReleasePublishing.Request("2.1.0", List.of(), false,
          false, "alice@example.com"), m -> {});

      List<Map<String, Object>> rows = ReleaseRecords.list(s.store(), 10);
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0)).containsEntry("version", "2.1.0").containsKeys("createdAt", "publishedAt", "url");
      assertThat((List<?>) rows.get(0).get("deployments")).hasSize(1);
      assertThat(((Map<?, ?>) ((List<?>) rows.get(0).get("deployments")).get(0)).get("id")).isEqualTo(d.id());
      assertThat(s.store().verifyAudit().intact()).isTrue();
    }
  }
}
