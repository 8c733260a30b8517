package dev.deploypipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InitCommandTest {
  @TempDir Path dir;
  private StringWriter out, err;

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cli = RootCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void writesTheStarterThenRefusesToOverwriteAnEditWithoutForce() throws Exception {
    Files.writeString(dir.resolve("pom.xml"), "<project/>");
    Path file = dir.resolve(".claude/deployment-config.json");

    assertThat(run("init", "--project", dir.toString(), "--service", "shop")).isEqualTo(0);
    assertThat(out.toString().lines().toList()).containsExactly(
        "wrote " + file + " for service shop",
        "found: pom.xml (Maven)",
        "edit: environments.dev.deploy.command, environments.staging.deploy.command, "
            + "environments.prod.deploy.command (they fail with a TODO until set)",
        "next: deployment-pipeline deploy validate shop --env dev");

    Files.writeString(file, Files.readString(file).replace("\"maxAttempts\": 3", "\"maxAttempts\": 5"));
    assertThat(run("init", "--project", dir.toString(), "--service", "shop")).isEqualTo(2);
    assertThat(out.toString()).contains("-    \"maxAttempts\": 5", "+    \"maxAttempts\": 3");
    assertThat(err.toString().lines().toList()).containsExactly(
        "error: " + file + " exists and differs from the starter (diff above); nothing written",
        "next: deployment-pipeline init --force replaces it");
    assertThat(Files.readString(file)).contains("\"maxAttempts\": 5");

    assertThat(run("init", "--project", dir.toString(), "--service", "shop", "--force")).isEqualTo(0);
    assertThat(out.toString()).contains("replaced " + file);
    assertThat(Files.readString(file)).contains("\"maxAttempts\": 3");
  }

  @Test
  void jsonReportsTheOutcomeAndABadServiceNameIsAUsageError() {
    assertThat(run("init", "--project", dir.toString(), "--service", "ok", "--json")).isEqualTo(0);
    assertThat(out.toString()).contains("\"outcome\" : \"written\"", "\"service\" : \"ok\"", "\"found\" : [ ]");
    assertThat(run("init", "--project", dir.toString(), "--service", "NO", "--force")).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: --service NO: service: must be lowercase letters");
  }
}
