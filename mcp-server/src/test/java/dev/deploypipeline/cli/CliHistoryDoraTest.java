package dev.deploypipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.testutil.TestProjects;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** `deploy history` prints DORA's four keys under its summary, and --json carries them in summary.dora. */
class CliHistoryDoraTest {
  @TempDir Path dir;

  @Test
  void historyShowsTheFourKeys() throws Exception {
    TestProjects.gitProject(dir, TestProjects.config("true", "true", "true", "true", "true", null));
    assertThat(CliRun.of("deploy", "start", "svc", "--project", dir.toString()).exit()).isZero();
    assertThat(CliRun.of("deploy", "rollback", "d-1", "-r", "bad build", "--project", dir.toString()).exit())
        .isZero();
    CliRun text = CliRun.of("deploy", "history", "--env", "staging", "--project", dir.toString());
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out()).contains("DORA, staging over 30.0 day(s): 1 deployment(s)")
        .contains("change failure rate 100% (1 of 1)").contains("time to restore ");
    CliRun json = CliRun.of("deploy", "history", "--json", "--project", dir.toString());
    JsonNode dora = JsonMapper.builder().build().readTree(json.out()).get("summary").get("dora");
    assertThat(dora.get("environment").asString()).isEqualTo("prod");
    assertThat(dora.get("changeFailureRate").get("changes").asInt()).isZero();
    assertThat(dora.get("deploymentFrequency").get("deployments").asInt()).isZero();
  }
}
