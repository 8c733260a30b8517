package dev.deploypipeline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.deploypipeline.app.App;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy_validate's checklist on real projects, a real health endpoint on 127.0.0.1 and a test clock. */
class PreflightTest {
  @TempDir Path dir;
  final TestClock clock = TestClock.at("2026-11-25T10:00:00Z");
  HttpServer health;

  @AfterEach
  void stop() {
    if (health != null) health.stop(0);
  }

  int healthServer(int status) throws Exception {
    health = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    health.createContext("/health", x -> {
      x.sendResponseHeaders(status, -1);
      x.close();
    });
    health.start();
    return health.getAddress().getPort();
  }

  String config(String stagingExtra) {
    return """
        {"service":"svc","executor":"local",
         "stages":{"validate":{"command":"echo $DEPLOY_TOKEN_NAME"},"build":{"command":"true"},"test":{"command":"true"}},
         "environments":{
           "dev":{"deploy":{"command":"true"}},
           "staging":{"deploy":{"command":"deploy --token ${DEPLOY_TOKEN} --region ${REGION:-eu}"},
                      "healthCheck":{"url":"http://127.0.0.1:${STAGING_PORT}/health"}%s},
           "prod":{"deploy":{"command":"true"}}}}
        """.formatted(stagingExtra == null ? "" : "," + stagingExtra);
  }

  DeploymentService service(String config, Map<String, String> env) throws Exception {
    TestProjects.gitProject(dir, config);
    return App.service(dir, env, clock, new RecordingSleeper(clock), List.of());
  }

  Map<String, String> env(int port) {
    Map<String, String> e = new LinkedHashMap<>();
    e.put("DEPLOY_PIPELINE_USER", "alice@example.com");
    e.put("DEPLOY_TOKEN", "s3cr3t-token-value");
    e.put("STAGING_PORT", String.valueOf(port));
    return e;
  }

  static Map<String, Boolean> oks(Preflight.Report r) {
    return r.checks().stream().collect(Collectors.toMap(Preflight.Check::check, Preflight.Check::ok,
        (a, b) -> a, LinkedHashMap::new));
  }

  static String detail(Preflight.Report r, String check) {
    return r.checks().stream().filter(c -> c.check().equals(check)).findFirst().orElseThrow().detail();
  }

  @Test
  void aReadyProjectPassesEveryCheck() throws Exception {
    DeploymentService s = service(config(null), env(healthServer(200)));
    Preflight.Report r = s.validate("svc", "staging", "main");
    assertThat(oks(r)).containsExactly(Map.entry("config", true), Map.entry("secrets", true),
        Map.entry("health", true), Map.entry("concurrency", true), Map.entry("window", true), Map.entry("git", true));
    assertThat(r.passed()).isTrue();
    assertThat(detail(r, "secrets")).isEqualTo("set: DEPLOY_TOKEN, STAGING_PORT; optional: REGION (not set: default eu)");
    assertThat(detail(r, "health")).startsWith("HTTP 200 from http://127.0.0.1:");
    assertThat(r.view().toString()).doesNotContain("s3cr3t");
  }

  @Test
  void variablesWithADefaultAreListedAsOptionalWithTheDefaultOrSetButNeverTheValue() throws Exception {
    String config = TestProjects.config("true", "true", "true", "true", "true", null).replace(
        "\"dev\":{\"deploy\":{\"command\":\"true\"}",
        "\"dev\":{\"deploy\":{\"command\":\"true\"},\"healthCheck\":{\"url\":\"http://127.0.0.1:${DEV_PORT:-18081}/h\"}");
    assertThat(config).contains("DEV_PORT");
    DeploymentService unset = service(config, Map.of("DEPLOY_PIPELINE_USER", "alice@example.com"));
    assertThat(detail(unset.validate("svc", "dev", "main"), "secrets"))
        .isEqualTo("none required; optional: DEV_PORT (not set: default 18081)");
    DeploymentService set = App.service(dir, Map.of("DEPLOY_PIPELINE_USER", "alice@example.com",
        "DEV_PORT", "28999"), clock, new RecordingSleeper(clock), List.of());
    Preflight.Report r = set.validate("svc", "dev", "main");
    assertThat(detail(r, "secrets")).isEqualTo("none required; optional: DEV_PORT (set)");
    assertThat(r.checks().stream().filter(c -> c.check().equals("secrets")).findFirst().orElseThrow().detail())
        .doesNotContain("28999");
  }

  @Test
  void aMissingSecretFailsConfigAndSecretsByNameOnly() throws Exception {
    Map<String, String> e = env(healthServer(200));
    e.remove("DEPLOY_TOKEN");
    DeploymentService s = service(config(null), e);
    Preflight.Report r = s.validate("svc", "staging", "main");
    assertThat(r.passed()).isFalse();
    assertThat(oks(r)).containsEntry("config", false).containsEntry("secrets", false).containsEntry("git", true);
    assertThat(detail(r, "secrets")).startsWith("not set: DEPLOY_TOKEN (export DEPLOY_TOKEN=...");
    assertThat(detail(r, "config")).contains("environments.staging.deploy.command: environment variable "
        + "DEPLOY_TOKEN is not set");
  }

  @Test
  void aClosedWindowAndAnActiveDeploymentFailWhileADownHealthUrlOnlyWarns() throws Exception {
    int port = healthServer(503);
    DeploymentService s = service(config("\"windows\":[{\"days\":[\"wed\"],\"from\":\"10:00\","
        + "\"to\":\"11:00\",\"timeZone\":\"UTC\"}]"), env(port));
    s.start("svc", "main", null, "alice@example.com", "cli"); // inside the window: stays pending
    clock.advance(java.time.Duration.ofHours(1));
    Preflight.Report r = s.validate("svc", "staging", "main");
    assertThat(oks(r)).containsEntry("concurrency", false).containsEntry("window", false)
        .containsEntry("health", false).containsEntry("config", true).containsEntry("git", true);
    assertThat(detail(r, "window")).contains("staging is outside its deployment windows (wed 10:00-11:00 UTC)");
    assertThat(detail(r, "concurrency")).contains("d-1 (pending)");
    assertThat(r.failures()).extracting(Preflight.Check::check).containsExactly("concurrency", "window");
  }

  @Test
  void anUnknownBranchFailsTheGitCheckAndDeployStartRefusesWithTheChecklist() throws Exception {
    DeploymentService s = service(config(null), env(healthServer(200)));
    Preflight.Report r = s.validate("svc", "dev", "feature/nope");
    assertThat(r.failures()).extracting(Preflight.Check::check).containsExactly("git");
    assertThat(detail(r, "git")).contains("branch 'feature/nope' does not exist in the local git repository");

    assertThatThrownBy(() -> s.start("svc", "feature/nope", null, "alice@example.com", "cli"))
        .isInstanceOfSatisfying(DeployException.class, ex -> {
          assertThat(ex.kind()).isEqualTo(DeployException.Kind.PREFLIGHT);
          assertThat(ex.getMessage()).contains("git: branch 'feature/nope' does not exist");
          assertThat(ex.extra()).containsKey("checks");
        });
    assertThat(s.audit(null)).anySatisfy(a -> {
      assertThat(a.event()).isEqualTo("REFUSED");
      assertThat(a.details()).containsEntry("rule", "preflight").containsEntry("attempted", "START");
    });
  }
}
