package dev.deploypipeline.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.testutil.RealValidators;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.generate.Generator.Action;
import dev.deploypipeline.generate.Generator.FileResult;
import dev.deploypipeline.generate.Generator.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate against the real docker-compose, caddy and systemd-analyze. */
class GeneratorTest {
  static final String CONFIG = """
      {"service": "myapp",
       "stages": {"validate": {"command": "true"}, "build": {"command": "true"}, "test": {"command": "true"}},
       "environments": {"dev": {"deploy": {"command": "true"}}, "staging": {"deploy": {"command": "true"}},
                        "prod": {"deploy": {"command": "true"}, "requiresApproval": true}},
       "hosting": {"domain": "example.test",
         "services": {
           "web": {"image": "myapp-web", "port": 8080, "subdomain": "www", "healthPath": "/health",
                   "envFile": ".env", "command": ["serve", "--port", "8080"], "volumes": ["data:/data"],
                   "environment": {"GREETING": "100% \\"quoted\\""}},
           "worker": {"image": "myapp-worker:1.2"},
           "api": {"native": {"exec": "/bin/sleep infinity", "user": "api"}, "port": 9000, "subdomain": "api", "envFile": ".env",
                   "healthPath": "/ready"}}}}
      """;
  static final List<String> FILES = List.of("docker-compose.yml", "Caddyfile",
      "deploy/systemd/myapp-compose.service", "deploy/systemd/myapp-api.service");

  @TempDir Path dir;
  private final Generator generator = new Generator(System.getenv());

  @BeforeEach
  void project() throws IOException {
    RealValidators.require();
    Files.writeString(dir.resolve(".env"), "GREETING=hi\n");
  }

  static PipelineConfig config(String text) {
    return new ConfigLoader(Map.<String, String>of()).parse(text, "deployment-config.json");
  }

  private Generator.Result run(String config, boolean force, boolean dryRun) {
    return generator.run(dir, config(config), new Options(force, dryRun, Set.of()));
  }

  @Test
  void writesEveryFileCheckedByTheRealToolsAndASecondRunChangesNothing() throws IOException {
    Generator.Result first = run(CONFIG, false, false);
    assertThat(first.problems()).isEmpty();
    assertThat(first.written()).isTrue();
    assertThat(first.files()).extracting(FileResult::path).containsExactlyElementsOf(FILES);
    assertThat(first.files()).extracting(FileResult::action).containsOnly(Action.CREATED);
    assertThat(first.checks()).containsExactly(
        "docker-compose.yml: docker-compose config", "docker-compose.yml: compose_validate",
        "Caddyfile: caddy validate --adapter caddyfile",
        "deploy/systemd/myapp-compose.service: systemd-analyze verify",
        "deploy/systemd/myapp-api.service: systemd-analyze verify");
    Map<String, byte[]> bytes = new HashMap<>();
    for (String f : FILES) bytes.put(f, Files.readAllBytes(dir.resolve(f)));

    Generator.Result second = run(CONFIG, false, false);
    assertThat(second.files()).extracting(FileResult::action).containsOnly(Action.UNCHANGED);
    for (String f : FILES) assertThat(Files.readAllBytes(dir.resolve(f))).as(f).isEqualTo(bytes.get(f));

    String compose = Files.readString(dir.resolve("docker-compose.yml"));
    assertThat(compose).startsWith(Header.PREFIX).doesNotContain("\nversion:").doesNotContain("\nname:")
        .contains("image: \"myapp-web:${TAG:-latest}\"", "image: \"myapp-worker:1.2\"",
            "- \"127.0.0.1:8080:8080\"", "GREETING: \"100% \\\"quoted\\\"\"", "volumes:\n  data: {}\n");
    String caddy = Files.readString(dir.resolve("Caddyfile"));
    assertThat(caddy).contains("www.example.test {\n\ttls internal\n\treverse_proxy 127.0.0.1:8080 {\n"
        + "\t\thealth_uri /health\n", "api.example.test {", "health_uri /ready").doesNotContain("bind");
    String api = Files.readString(dir.resolve("deploy/systemd/myapp-api.service"));
    assertThat(api).contains("ExecStart=/bin/sleep infinity", "User=api", "Environment=\"PORT=9000\"",
        "EnvironmentFile=" + dir.resolve(".env"));
    assertThat(Files.readString(dir.resolve("deploy/systemd/myapp-compose.service")))
        .contains("-f docker-compose.yml -p myapp up -d --remove-orphans", "WorkingDirectory=" + dir);
  }

  @Test
  void theCaddyfileIsWhatCaddyFmtPrints() throws Exception {
    run(CONFIG, false, false);
    Process p = new ProcessBuilder("caddy", "fmt", dir.resolve("Caddyfile").toString()).redirectErrorStream(true).start();
    String formatted = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).isZero();
    assertThat(formatted).isEqualTo(Files.readString(dir.resolve("Caddyfile")));
  }

  @Test
  void aLoopbackDomainBindsToLoopbackAndNeedsNoTlsLine() throws IOException {
    run(CONFIG.replace("example.test", "myapp.localhost"), false, false);
    assertThat(Files.readString(dir.resolve("Caddyfile")))
        .contains("www.myapp.localhost {\n\tbind 127.0.0.1 [::1]\n\treverse_proxy").doesNotContain("tls internal");
  }

  @Test
  void aHandEditIsKeptWithTheDiffUntilForce() throws IOException {
    run(CONFIG, false, false);
    Path compose = dir.resolve("docker-compose.yml");
    String edited = Files.readString(compose).replace("restart: unless-stopped", "restart: always");
    Files.writeString(compose, edited);
    Files.writeString(dir.resolve("Caddyfile"), "# my own\n:80 {\n\trespond ok\n}\n");

    Generator.Result kept = run(CONFIG.replace("\"port\": 8080", "\"port\": 8081"), false, false);
    assertThat(kept.problems()).isEmpty();
    assertThat(action(kept, "docker-compose.yml")).isEqualTo(Action.KEPT_EDITED);
    assertThat(action(kept, "Caddyfile")).isEqualTo(Action.KEPT_FOREIGN);
    assertThat(Files.readString(compose)).isEqualTo(edited);
    assertThat(String.join("\n", file(kept, "docker-compose.yml").diff()))
        .contains("-    restart: always", "+    restart: unless-stopped", "+      - \"127.0.0.1:8081:8081\"");

    Generator.Result forced = run(CONFIG, true, false);
    assertThat(action(forced, "docker-compose.yml")).isEqualTo(Action.REPLACED);
    assertThat(action(forced, "Caddyfile")).isEqualTo(Action.REPLACED);
    assertThat(Files.readString(compose)).contains("restart: unless-stopped").startsWith(Header.PREFIX);
  }

  @Test
  void anUneditedGeneratedFileIsUpdatedWhenTheConfigChanges() throws IOException {
    run(CONFIG, false, false);
    Generator.Result r = run(CONFIG.replace("\"port\": 8080", "\"port\": 8081"), false, false);
    assertThat(action(r, "docker-compose.yml")).isEqualTo(Action.UPDATED);
    assertThat(action(r, "Caddyfile")).isEqualTo(Action.UPDATED);
    assertThat(Files.readString(dir.resolve("Caddyfile"))).contains("reverse_proxy 127.0.0.1:8081");
  }

  @Test
  void aDryRunWritesNothingButShowsWhatWouldChange() throws IOException {
    Generator.Result r = run(CONFIG, false, true);
    assertThat(r.written()).isFalse();
    assertThat(r.problems()).isEmpty();
    assertThat(r.files()).extracting(FileResult::action).containsOnly(Action.CREATED);
    for (String f : FILES) assertThat(dir.resolve(f)).doesNotExist();
  }

  @Test
  void aMissingNativeBinaryFailsSystemdAnalyzeAndNothingIsWritten() {
    Generator.Result r = run(CONFIG.replace("/bin/sleep infinity", "/opt/nowhere/api-server --serve"), false, false);
    assertThat(r.written()).isFalse();
    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo("deploy/systemd/myapp-api.service");
      assertThat(p.tool()).isEqualTo("systemd-analyze verify");
      assertThat(p.message()).contains("/opt/nowhere/api-server").doesNotContain("dp-generate");
    });
    for (String f : FILES) assertThat(dir.resolve(f)).doesNotExist();
  }

  @Test
  void aVariableInHostingIsLeftForComposeNeverExpandedFromThisProcess() throws IOException {
    Map<String, String> env = Map.of("SECRET_TOKEN", "s3cr3t-value");
    PipelineConfig c = new ConfigLoader(env).parse(CONFIG.replace("100% \\\"quoted\\\"", "${SECRET_TOKEN}"),
        "deployment-config.json");
    Files.writeString(dir.resolve(".env"), "SECRET_TOKEN=from-dotenv\n");
    Generator.Result r = generator.run(dir, c, new Options(false, false, Set.of()));
    assertThat(r.problems()).isEmpty();
    assertThat(Files.readString(dir.resolve("docker-compose.yml"))).contains("GREETING: \"${SECRET_TOKEN}\"")
        .doesNotContain("s3cr3t-value");
  }

  @Test
  void anUnsetVariableMakesDockerComposeWarnAndThatFails() {
    Generator.Result r = run(CONFIG.replace("100% \\\"quoted\\\"", "${NOT_SET_ANYWHERE_42}"), false, false);
    assertThat(r.problems()).anySatisfy(p -> {
      assertThat(p.file()).isEqualTo("docker-compose.yml");
      assertThat(p.tool()).isEqualTo("docker-compose config");
      assertThat(p.message()).contains("NOT_SET_ANYWHERE_42");
    });
    assertThat(dir.resolve("docker-compose.yml")).doesNotExist();
  }

  @Test
  void aMissingEnvFileFailsDockerComposeNamingIt() throws IOException {
    Files.delete(dir.resolve(".env"));
    Generator.Result r = run(CONFIG, false, false);
    assertThat(r.problems()).anySatisfy(p -> {
      assertThat(p.file()).isEqualTo("docker-compose.yml");
      assertThat(p.tool()).isEqualTo("docker-compose config");
      assertThat(p.message()).contains(".env");
    });
  }

  @Test
  void aValidatorMissingFromPathIsAProblemUnlessThatCheckIsSkipped() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String tool : List.of("docker-compose", "systemd-analyze")) {
      Files.createSymbolicLink(bin.resolve(tool), dev.deploypipeline.testutil.RequiredTool.find(tool).orElseThrow());
    }
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("PATH", bin.toString());
    Generator noCaddy = new Generator(env);
    Generator.Result r = noCaddy.run(dir, config(CONFIG), new Options(false, false, Set.of()));
    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.file()).isEqualTo("Caddyfile");
      assertThat(p.tool()).isEqualTo("caddy");
      assertThat(p.message()).contains("not on PATH", "apt-get install caddy", "--skip-check caddy");
    });
    Generator.Result skipped = noCaddy.run(dir, config(CONFIG), new Options(false, false, Set.of("caddy")));
    assertThat(skipped.problems()).isEmpty();
    assertThat(skipped.skipped()).containsExactly("caddy");
    assertThat(skipped.checks()).noneMatch(c -> c.startsWith("Caddyfile"));
    assertThat(dir.resolve("Caddyfile")).exists();
  }

  @Test
  void withoutAHostingSectionOrWithAnUnknownCheckTheErrorSaysWhatToDo() {
    String none = CONFIG.substring(0, CONFIG.indexOf(",\n \"hosting\"")) + "}";
    assertThatThrownBy(() -> run(none, false, false)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no hosting section").hasMessageContaining("deployment-pipeline setup");
    assertThatThrownBy(() -> new Options(false, false, Set.of("nginx"))).hasMessageContaining("skip check 'nginx'")
        .hasMessageContaining("caddy, docker-compose, systemd-analyze");
  }

  @Test
  void nativeOnlyHostingHasNoComposeFileOrComposeUnit() {
    String nativeOnly = CONFIG.replaceAll("(?s)\"web\": \\{.*?\"worker\": \\{\"image\": \"myapp-worker:1.2\"},", "");
    Generator.Result r = run(nativeOnly, false, false);
    assertThat(r.problems()).isEmpty();
    assertThat(r.files()).extracting(FileResult::path).containsExactly("Caddyfile", "deploy/systemd/myapp-api.service");
  }

  @Test
  void hostNetworkingUsesTheHostsPortsAndPublishesNone() throws IOException {
    Generator.Result r = run(CONFIG.replace("{\"domain\": \"example.test\",", "{\"domain\": \"example.test\", "
        + "\"networkMode\": \"host\","), false, false);
    assertThat(r.problems()).isEmpty();
    String compose = Files.readString(dir.resolve("docker-compose.yml"));
    assertThat(compose).contains("    network_mode: host\n").doesNotContain("ports:")
        .contains("wget -q -O /dev/null http://127.0.0.1:8080/health || exit 1");
  }

  @Test
  void aContainerPortIsPublishedBehindTheHostPortAndCheckedInside() throws IOException {
    Generator.Result r = run(CONFIG.replace("\"port\": 8080,", "\"port\": 8080, \"containerPort\": 80,"), false, false);
    assertThat(r.problems()).isEmpty();
    assertThat(Files.readString(dir.resolve("docker-compose.yml"))).contains("- \"127.0.0.1:8080:80\"",
        "http://127.0.0.1:80/health");
    assertThat(Files.readString(dir.resolve("Caddyfile"))).contains("reverse_proxy 127.0.0.1:8080");
  }

  private static FileResult file(Generator.Result r, String path) {
    return r.files().stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow();
  }

  private static Action action(Generator.Result r, String path) {
    return file(r, path).action();
  }
}
