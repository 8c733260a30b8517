package dev.deploypipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code environments.X.envFile}: loaded as a project-relative path, refused outside the project or when shared. */
class EnvFileConfigTest {
  @TempDir Path project;

  private PipelineConfig load(String stagingExtra, String prodExtra) throws Exception {
    Files.createDirectories(project.resolve(".claude"));
    Files.writeString(project.resolve(".claude/deployment-config.json"), ConfigLoaderTest.VALID
        .replace("\"staging\": {\"deploy\": {\"command\": \"scripts/deploy.sh staging\"}}",
            "\"staging\": {\"deploy\": {\"command\": \"scripts/deploy.sh staging\"}" + stagingExtra + "}")
        .replace("\"requiresApproval\": true}", "\"requiresApproval\": true" + prodExtra + "}"));
    return new ConfigLoader(Map.<String, String>of()::get).load(project);
  }

  @Test
  void namedEnvFilesAreProjectRelativePathsByEnvironment() throws Exception {
    PipelineConfig c = load(", \"envFile\": \"config/staging.env\"", ", \"envFile\": \"./.env.production\"");
    assertThat(EnvFileChecks.files(c)).containsExactly(Map.entry("staging", Path.of("config/staging.env")),
        Map.entry("prod", Path.of(".env.production")));
    assertThat(c.environment("dev").envFilePath()).isNull();
  }

  @Test
  void aPathOutsideTheProjectIsRefusedWithItsPath() {
    assertThatThrownBy(() -> load(", \"envFile\": \"../other/.env\"", ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("environments.staging.envFile: must be a file inside the project");
    assertThatThrownBy(() -> load("", ", \"envFile\": \"/etc/prod.env\""))
        .hasMessageContaining("environments.prod.envFile: must be a file inside the project");
  }

  @Test
  void twoEnvironmentsCannotShareAFileNorNameARecipientsFile() {
    assertThatThrownBy(() -> load(", \"envFile\": \".env.shared\"", ", \"envFile\": \".env.shared\""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("environments.prod.envFile: '.env.shared' is already the env file of environment "
            + "staging; each environment needs its own");
    assertThatThrownBy(() -> load(", \"envFile\": \".env.staging.recipients\"", ""))
        .hasMessageContaining("environments.staging.envFile: '.env.staging.recipients' is a recipients file");
  }
}
