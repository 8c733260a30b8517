package dev.deploypipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ComposeCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new ComposeCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void cleanFileExitsZeroWithASummary() throws Exception {
    Path f = Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    image: nginx:1.27\n");
    assertThat(run("validate", f.toString())).isEqualTo(0);
    assertThat(out.toString().strip()).isEqualTo("valid: 0 error(s), 0 warning(s) in 1 file(s)");
  }

  @Test
  void errorsExitOneWithFileLineColumnLines() throws Exception {
    Path f = Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    image: nginx\n    restrat: always\n");
    assertThat(run("validate", f.toString())).isEqualTo(1);
    assertThat(out.toString().lines().toList()).containsExactly(
        f + ":3:12  warning  image-no-tag  service 'web': image 'nginx' has no tag, so it means latest (pin a version, e.g. nginx:1.2.3, or a digest)",
        f + ":4:5  error  unknown-key  unknown key 'restrat' in services.web (did you mean 'restart'?)",
        "invalid: 1 error(s), 1 warning(s) in 1 file(s)");
  }

  @Test
  void jsonOutputAndProfilesAndEnvFile() throws Exception {
    Path f = Files.writeString(dir.resolve("compose.yaml"),
        "services:\n  web:\n    image: \"nginx:${TAG:?}\"\n    profiles: [web]\n");
    Path env = Files.writeString(dir.resolve("ci.env"), "TAG=1.27\n");
    assertThat(run("validate", "--json", "--profile", "web", "--env-file", env.toString(), f.toString())).isEqualTo(0);
    assertThat(out.toString()).contains("\"valid\" : true").contains("\"findings\" : [ ]");
  }

  @Test
  void missingFileExitsTwo() {
    assertThat(run("validate", dir.resolve("nope.yaml").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("nope.yaml does not exist");
  }
}
