package dev.deploypipeline.mcp;

import static dev.deploypipeline.mcp.ToolCase.error;
import static dev.deploypipeline.mcp.ToolCase.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.testutil.RealValidators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** deploy_setup and deploy_generate: case tables on a fresh project each, with the real validators. */
class DeploySetupGenerateToolsTest {
  static final String COMPOSE = "services:\n  web:\n    image: shop-web\n    ports: [\"8080:8080\"]\n"
      + "  worker:\n    image: shop-worker\n";

  @TempDir Path dir;

  @BeforeEach
  void project() throws IOException {
    RealValidators.require();
    Files.writeString(dir.resolve("compose.yaml"), COMPOSE);
  }

  private DeploySetupTool setup() {
    return new DeploySetupTool(dir, Map.<String, String>of()::get);
  }

  private DeployGenerateTool generate() {
    return new DeployGenerateTool(dir, () -> new ConfigLoader(System.getenv()).withoutChannelChecks().load(dir),
        System.getenv());
  }

  static Stream<Arguments> setupCases() {
    return Stream.of(
        ok("defaults", Map.of(), "found: compose.yaml\nhosting: web, worker on"),
        ok("a domain", Map.of("domain", "shop.example.com", "service", "shop"), "hosting: web, worker on shop.example.com"),
        ok("yaml", Map.of("format", "yaml"), "deployment-config.yaml"),
        ok("dry run", Map.of("dryRun", true), "would write"),
        error("domain with a scheme", Map.of("domain", "https://x.test"), "domain: 'https://x.test' is not a domain name"),
        error("bad service", Map.of("service", "Shop!"), "service: 'Shop!' is not a service name"),
        error("format toml", Map.of("format", "toml"), "format: must be one of [json, yaml]"),
        error("force not boolean", Map.of("force", "yes"), "force: must be true or false"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("setupCases")
  void setupTable(ToolCase c) {
    c.run(setup());
  }

  @Test
  void setupRefusesToReplaceWithoutForceAndShowsTheDiff() throws IOException {
    setup().call(ToolContext.NONE, Map.of());
    Path config = dir.resolve(".claude/deployment-config.json");
    String before = Files.readString(config);
    var r = new ToolCase("other domain", Map.of("domain", "shop.example.com"), false,
        "exists and differs; nothing written (call again with force=true").run(setup());
    assertThat(ToolResultChecks.structured(r).get("diff").toString()).contains("+    \"domain\": \"shop.example.com\"");
    assertThat(Files.readString(config)).isEqualTo(before);
    new ToolCase("forced", Map.of("domain", "shop.example.com", "force", true), false, "replaced").run(setup());
    assertThat(Files.readString(config)).contains("shop.example.com");
  }

  static Stream<Arguments> generateCases() {
    return Stream.of(
        ok("write", Map.of(), "created Caddyfile\ncreated deploy/systemd/"),
        ok("dry run", Map.of("dryRun", true), "dry run: nothing written"),
        ok("skip a check", Map.of("skipChecks", List.of("systemd-analyze")), "not checked: systemd-analyze"),
        error("unknown check", Map.of("skipChecks", List.of("nginx")), "skip check 'nginx': unknown"),
        error("skipChecks not an array", Map.of("skipChecks", "caddy"), "'skipChecks' must be an array of strings"),
        error("force not boolean", Map.of("force", 1), "force: must be true or false"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("generateCases")
  void generateTable(ToolCase c) {
    setup().call(ToolContext.NONE, Map.of());
    c.run(generate());
  }

  @Test
  void generateWithoutHostingOrWithAFailingCheckSaysWhatToDo() throws IOException {
    new ToolCase("no config", Map.of(), true, "no deployment-config.json").run(generate());
    Files.delete(dir.resolve("compose.yaml"));
    setup().call(ToolContext.NONE, Map.of());
    new ToolCase("no hosting", Map.of(), true, "call deploy_setup to add a hosting section").run(generate());

    Files.writeString(dir.resolve("compose.yaml"), COMPOSE.replace("image: shop-worker", "image: shop-worker\n"
        + "    env_file: worker.env"));
    setup().call(ToolContext.NONE, Map.of("force", true));
    var r = new ToolCase("missing env file", Map.of(), true, "compose.yaml: docker-compose config: ").run(generate());
    assertThat(ToolResultChecks.text(r)).contains("worker.env", "nothing was written");
    assertThat(dir.resolve("Caddyfile")).doesNotExist();
  }

  @Test
  void aSecondGenerateIsUnchangedAndAHandEditIsKeptUntilForce() throws IOException {
    setup().call(ToolContext.NONE, Map.of());
    generate().call(ToolContext.NONE, Map.of());
    // The project's own compose.yaml was never generated: it is kept, with the diff of what generate would write.
    new ToolCase("again", Map.of(), false, "kept_foreign compose.yaml\n").run(generate());
    new ToolCase("again", Map.of(), false, "unchanged Caddyfile\nunchanged deploy/systemd/").run(generate());
    Files.writeString(dir.resolve("Caddyfile"), "# mine\n:80 {\n}\n");
    new ToolCase("kept", Map.of(), false, "kept_foreign Caddyfile").run(generate());
    assertThat(Files.readString(dir.resolve("Caddyfile"))).startsWith("# mine");
    new ToolCase("forced", Map.of("force", true), false, "replaced Caddyfile").run(generate());
    assertThat(Files.readString(dir.resolve("Caddyfile"))).contains("reverse_proxy 127.0.0.1:8080");
  }
}
