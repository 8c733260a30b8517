package dev.deploypipeline.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.PipelineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InitializerTest {
  private static final String TODO_BUILD = StarterConfig.todo("stages.build.command");
  private static final String TODO_TEST = StarterConfig.todo("stages.test.command");
  private static final String TODO_DEPLOY_DEV = StarterConfig.todo("environments.dev.deploy.command");

  @TempDir Path root;
  private final Initializer init = new Initializer(Map.<String, String>of()::get);

  /** files (name → content), then the validate, build and test commands and the dev deploy command expected. */
  static Stream<Arguments> projects() {
    return Stream.of(
        Arguments.of(Map.of("pom.xml", "<project/>"),
            "mvn -B -q validate", "mvn -B -q -DskipTests package", "mvn -B -q test", TODO_DEPLOY_DEV),
        Arguments.of(Map.of("pom.xml", "<project/>", "mvnw", "#!/bin/sh", "Dockerfile", "FROM scratch"),
            "./mvnw -B -q validate", "./mvnw -B -q -DskipTests package && docker build -t svc:\"$VERSION\" .",
            "./mvnw -B -q test", TODO_DEPLOY_DEV),
        Arguments.of(Map.of("build.gradle.kts", "", "gradlew", ""),
            "./gradlew -q help", "./gradlew -q assemble", "./gradlew -q test", TODO_DEPLOY_DEV),
        Arguments.of(Map.of("package.json", "{\"scripts\": {\"lint\": \"eslint .\", \"build\": \"tsc\", \"test\": \"vitest\"}}"),
            "npm ci && npm run lint", "npm run build", "npm test", TODO_DEPLOY_DEV),
        Arguments.of(Map.of("package.json", "{\"scripts\": {\"test\": \"echo \\\"Error: no test specified\\\" && exit 1\"}}"),
            "npm ci", "npm pack --dry-run", TODO_TEST, TODO_DEPLOY_DEV),
        Arguments.of(Map.of("package.json", "{ not json"), "npm ci", "npm pack --dry-run", TODO_TEST, TODO_DEPLOY_DEV),
        Arguments.of(Map.of("go.mod", "module x", "compose.yaml", "services: {}"),
            "go vet ./...", "go build ./...", "go test ./...",
            "docker compose -f compose.yaml -p svc-$ENVIRONMENT up -d --build --wait"),
        Arguments.of(Map.of("Cargo.toml", ""), "cargo check", "cargo build --release", "cargo test", TODO_DEPLOY_DEV),
        Arguments.of(Map.of("Makefile", "VAR := 1\nbuild: x.o\n\tcc x.o\ntest:\n\t./t\n"),
            "make -n", "make build", "make test", TODO_DEPLOY_DEV),
        Arguments.of(Map.of("Makefile", "lint:\n\ttrue\nall:\n\ttrue\n"), "make lint", "make", TODO_TEST, TODO_DEPLOY_DEV),
        Arguments.of(Map.of("Dockerfile", "FROM scratch", "docker-compose.yml", "services: {}"),
            StarterConfig.todo("stages.validate.command"), "docker build -t svc:\"$VERSION\" .", TODO_TEST,
            "docker compose -f docker-compose.yml -p svc-$ENVIRONMENT up -d --build --wait"),
        Arguments.of(Map.of(), StarterConfig.todo("stages.validate.command"), TODO_BUILD, TODO_TEST, TODO_DEPLOY_DEV));
  }

  @ParameterizedTest
  @MethodSource("projects")
  void starterCommandsFollowTheBuildFilesAndTheConfigValidatesAsWritten(Map<String, String> files, String validate,
      String build, String test, String deployDev) throws IOException {
    Path dir = Files.createDirectories(root.resolve("svc"));
    for (var f : files.entrySet()) Files.writeString(dir.resolve(f.getKey()), f.getValue());

    Initializer.Result r = init.run(dir, null, false);

    assertThat(r.outcome()).isEqualTo(Initializer.Outcome.WRITTEN);
    assertThat(r.file()).isEqualTo(dir.resolve(".claude/deployment-config.json"));
    PipelineConfig c = new ConfigLoader(Map.of()).load(dir);
    assertThat(c.service()).isEqualTo("svc");
    assertThat(c.stage("validate").command()).isEqualTo(validate);
    assertThat(c.stage("build").command()).isEqualTo(build);
    assertThat(c.stage("test").command()).isEqualTo(test);
    assertThat(c.environment("dev").deploy().command()).isEqualTo(deployDev);
    assertThat(c.environment("prod").requiresApproval()).isTrue();
  }

  @Test
  void aTodoStepFailsNamingTheKeyToEdit() throws Exception {
    Process p = new ProcessBuilder("bash", "-c", TODO_BUILD).redirectErrorStream(true).start();
    assertThat(new String(p.getInputStream().readAllBytes()))
        .isEqualTo("TODO: set stages.build.command in .claude/deployment-config.json\n");
    assertThat(p.waitFor()).isEqualTo(1);
  }

  @Test
  void anExistingConfigIsNeverReplacedWithoutForceAndTheDiffShowsTheChange() throws IOException {
    Path dir = Files.createDirectories(root.resolve("svc"));
    Files.writeString(dir.resolve("go.mod"), "module x");
    assertThat(init.run(dir, null, false).outcome()).isEqualTo(Initializer.Outcome.WRITTEN);
    assertThat(init.run(dir, null, false).outcome()).isEqualTo(Initializer.Outcome.UNCHANGED);

    Path file = dir.resolve(".claude/deployment-config.json");
    String edited = Files.readString(file).replace("go test ./...", "go test -race ./...");
    Files.writeString(file, edited);
    Initializer.Result refused = init.run(dir, null, false);
    assertThat(refused.outcome()).isEqualTo(Initializer.Outcome.WOULD_REPLACE);
    assertThat(Files.readString(file)).isEqualTo(edited);
    assertThat(refused.diff()).startsWith("--- .claude/deployment-config.json", "+++ .claude/deployment-config.json (init)")
        .contains("-      \"command\": \"go test -race ./...\",", "+      \"command\": \"go test ./...\",");

    Initializer.Result forced = init.run(dir, null, true);
    assertThat(forced.outcome()).isEqualTo(Initializer.Outcome.REPLACED);
    assertThat(forced.diff()).isEqualTo(refused.diff());
    assertThat(Files.readString(file)).contains("\"go test ./...\"").doesNotContain("-race");
  }

  @Test
  void aYamlConfigIsLeftAloneEvenWithForce() throws IOException {
    Path dir = Files.createDirectories(root.resolve("svc"));
    Path yaml = Files.writeString(Files.createDirectories(dir.resolve(".claude")).resolve("deployment-config.yaml"), "service: x\n");
    assertThatThrownBy(() -> init.run(dir, null, true)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deployment-config.yaml already configures this project");
    assertThat(dir.resolve(".claude/deployment-config.json")).doesNotExist();
    assertThat(Files.readString(yaml)).isEqualTo("service: x\n");
  }

  @Test
  void serviceNameFromTheOptionOrTheDirectory() throws IOException {
    Path dir = Files.createDirectories(root.resolve("My Shop_API"));
    assertThat(init.run(dir, "shop", false).service()).isEqualTo("shop");
    assertThat(Initializer.serviceName(dir)).isEqualTo("my-shop_api");
    assertThat(Initializer.serviceName(root.resolve("--x"))).isEqualTo("x");
    assertThat(Initializer.serviceName(root.resolve("...."))).isEqualTo("service");
    assertThatThrownBy(() -> init.run(root, "Bad Name", true)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--service Bad Name: service: must be lowercase letters, digits, '.', '_' or '-' (at most 63)");
  }
}
