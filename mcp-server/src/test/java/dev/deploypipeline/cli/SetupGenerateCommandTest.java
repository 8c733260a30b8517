package dev.deploypipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.testutil.RealValidators;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** setup then generate through the real command tree, with the real validators. */
class SetupGenerateCommandTest {
  @TempDir Path dir;

  @BeforeEach
  void tools() throws Exception {
    RealValidators.require();
    Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nEXPOSE 8080\n");
    Files.writeString(dir.resolve("pom.xml"), "<project/>");
  }

  @Test
  void setupThenGenerateThenNothingChangesThenAnEditIsKept() throws Exception {
    CliRun setup = CliRun.of("setup", "--project", dir.toString(), "--service", "shop", "--non-interactive");
    assertThat(setup.exit()).as(setup.err()).isZero();
    assertThat(setup.out()).contains("found: pom.xml (Maven), Dockerfile", "hosting: project shop, domain shop.localhost",
        "  web: image shop, port 8080, site www.shop.localhost", "wrote " + dir.resolve(".claude/deployment-config.json"),
        "next: deployment-pipeline generate");

    CliRun gen = CliRun.of("generate", "--project", dir.toString());
    assertThat(gen.exit()).as(gen.err()).isZero();
    assertThat(gen.out()).contains("created docker-compose.yml", "created Caddyfile",
        "created deploy/systemd/shop-compose.service", "checked docker-compose.yml: docker-compose config",
        "checked Caddyfile: caddy validate --adapter caddyfile");

    CliRun again = CliRun.of("generate", "--project", dir.toString());
    assertThat(again.out()).contains("unchanged docker-compose.yml", "unchanged Caddyfile").doesNotContain("created");

    Files.writeString(dir.resolve("Caddyfile"), Files.readString(dir.resolve("Caddyfile")) + "# mine\n");
    CliRun kept = CliRun.of("generate", "--project", dir.toString());
    assertThat(kept.exit()).isZero();
    assertThat(kept.out()).contains("-# mine", "kept (edited by hand) Caddyfile", "generate --force replaces them");
    assertThat(Files.readString(dir.resolve("Caddyfile"))).endsWith("# mine\n");

    CliRun setupAgain = CliRun.of("setup", "--project", dir.toString(), "--domain", "shop.example.com", "--non-interactive");
    assertThat(setupAgain.exit()).isEqualTo(2);
    assertThat(setupAgain.out()).contains("-    \"domain\" : \"shop.localhost\"".replace(" : ", ": "));
    assertThat(setupAgain.err()).contains("exists and differs", "setup --force");
  }

  @Test
  void aFailedCheckExitsOneNamingFileToolAndMessageAndWritesNothing() throws Exception {
    assertThat(CliRun.of("setup", "--project", dir.toString(), "--service", "shop", "--non-interactive").exit()).isZero();
    Path config = dir.resolve(".claude/deployment-config.json");
    Files.writeString(config, Files.readString(config).replace("\"image\": \"shop\"",
        "\"image\": \"shop\", \"envFile\": \"missing.env\""));
    CliRun r = CliRun.of("generate", "--project", dir.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("error: docker-compose.yml: docker-compose config: ", "missing.env", "nothing written");
    assertThat(dir.resolve("docker-compose.yml")).doesNotExist();
    assertThat(dir.resolve("Caddyfile")).doesNotExist();

    CliRun json = CliRun.of("generate", "--project", dir.toString(), "--json");
    assertThat(json.exit()).isEqualTo(1);
    assertThat(json.out()).contains("\"ok\" : false", "\"tool\" : \"docker-compose config\"");
  }

  @Test
  void badArgumentsSayWhatToDo() {
    assertThat(CliRun.of("generate", "--project", dir.toString()).err()).contains("no deployment-config.json");
    CliRun skip = CliRun.of("setup", "--project", dir.toString(), "--format", "toml", "--non-interactive");
    assertThat(skip.exit()).isEqualTo(2);
    assertThat(skip.err()).contains("--format toml: must be json or yaml");
    CliRun.of("setup", "--project", dir.toString(), "--non-interactive");
    CliRun unknown = CliRun.of("generate", "--project", dir.toString(), "--skip-check", "nginx");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("skip check 'nginx': unknown");
  }
}
