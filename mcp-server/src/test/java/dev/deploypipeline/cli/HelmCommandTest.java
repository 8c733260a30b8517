package dev.deploypipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.testutil.HelmBinary;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code helm check} through the real command tree and the real helm, on a copy of examples/helm. */
class HelmCommandTest {
  @TempDir Path dir;

  @BeforeEach
  void copyExample() throws Exception {
    Path helm = HelmBinary.require();
    HelmBinary.copyExample(dir);
    // The helm this machine has, whatever the PATH of the JVM running the tests.
    Path config = dir.resolve(".claude/deployment-config.json");
    Files.writeString(config, Files.readString(config).replace("\"release\": \"members\",",
        "\"release\": \"members\", \"binary\": \"" + helm + "\","));
  }

  @Test
  void theExampleIsCleanAndExitsZero() {
    CliRun r = CliRun.of("helm", "check", "--project", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo("valid: 0 error(s), 0 warning(s) in chart chart for dev, staging, prod");
  }

  @Test
  void aSchemaViolationExitsOneWithFileAndLine() throws Exception {
    Files.writeString(dir.resolve("values-prod.yaml"), "replicaCount: 3\nimage:\n  pullPolicy: Sometimes\n");
    CliRun r = CliRun.of("helm", "check", "--project", dir.toString(), "-e", "prod");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out().lines().toList()).containsExactly(
        "values-prod.yaml:3  error  values-schema  image.pullPolicy: value must be one of 'Always', 'IfNotPresent', "
            + "'Never' [prod] (fix the value in values-prod.yaml, or the schema in chart/values.schema.json)",
        "invalid: 1 error(s), 0 warning(s) in chart chart for prod");
  }

  @Test
  void jsonOutputAndCannotRunErrors() {
    CliRun ok = CliRun.of("helm", "check", "--project", dir.toString(), "--json", "-e", "dev");
    assertThat(ok.exit()).isZero();
    assertThat(ok.out()).contains("\"valid\" : true", "\"environments\" : [ \"dev\" ]");
    CliRun missing = CliRun.of("helm", "check", "--project", dir.toString(), "--json", "-e", "qa");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.out()).contains("\"error\" : \"environment 'qa' is not configured (configured: dev, staging, prod)\"");
    CliRun badValues = CliRun.of("helm", "check", "--project", dir.toString(), "--chart", "chart", "--values", "prod");
    assertThat(badValues.exit()).isEqualTo(2);
    assertThat(badValues.err()).contains("--values: 'prod' must be ENV=FILE");
  }
}
