package dev.deploypipeline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.secrets.Redaction;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which of the server's variables a stage process sees: declared secrets, passEnv globs (top level and per
 * environment), and what its command or its environment's health URL references; nothing else.
 */
class StageEnvironmentTest {
  @TempDir Path dir;
  final TestClock clock = TestClock.at("2026-11-25T10:00:00Z");

  @AfterEach
  void forget() {
    Redaction.reset();
  }

  DeploymentService service(String config, Map<String, String> env) throws Exception {
    TestProjects.gitProject(dir, config);
    return App.service(dir, env, clock, new RecordingSleeper(clock), List.of());
  }

  @Test
  void declaredPassedAndReferencedVariablesArePresentOthersAreAbsent() throws Exception {
    HttpServer health = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    health.createContext("/health", x -> {
      x.sendResponseHeaders(200, -1);
      x.close();
    });
    health.start();
    try {
      String config = """
          {"service":"svc","executor":"local","secrets":["DECLARED_TOKEN"],"passEnv":["HELLO_*"],
           "stages":{"validate":{"command":"true"},"build":{"command":"env > build.env"},
                     "test":{"command":"echo $REF_VAR >/dev/null; env > test.env"}},
           "environments":{
             "dev":{"deploy":{"command":"env > dev.env"},"passEnv":["DEV_ONLY_*"],
                    "healthCheck":{"url":"http://127.0.0.1:${HEALTH_PORT}/health"}},
             "staging":{"deploy":{"command":"env > staging.env"}},
             "prod":{"deploy":{"command":"true"}}}}
          """;
      Map<String, String> env = Map.of("PATH", System.getenv("PATH"), "DECLARED_TOKEN", "declared-value-1",
          "HELLO_PORT", "hello-value-2", "DEV_ONLY_X", "dev-only-value-3", "HEALTH_PORT",
          String.valueOf(health.getAddress().getPort()), "REF_VAR", "ref-value-4", "NOT_DECLARED", "server-only-5");
      DeploymentService s = service(config, env);
      Deployment d = s.start("svc", "main", null, "alice@example.com");
      assertThat(s.drive(d.id()).state()).isEqualTo(State.AWAITING_APPROVAL);

      String build = Files.readString(dir.resolve("build.env"));
      assertThat(build).contains("HELLO_PORT=hello-value-2").contains("DECLARED_TOKEN=declared-value-1")
          .contains("DEPLOYMENT_ID=" + d.id()).doesNotContain("server-only-5").doesNotContain("ref-value-4")
          .doesNotContain("dev-only-value-3").doesNotContain("HEALTH_PORT");
      assertThat(Files.readString(dir.resolve("test.env"))).contains("REF_VAR=ref-value-4")
          .doesNotContain("server-only-5");
      assertThat(Files.readString(dir.resolve("dev.env"))).contains("DEV_ONLY_X=dev-only-value-3")
          .contains("HEALTH_PORT=").contains("ENVIRONMENT=dev").doesNotContain("server-only-5");
      assertThat(Files.readString(dir.resolve("staging.env"))).doesNotContain("dev-only-value-3")
          .doesNotContain("server-only-5");
    } finally {
      health.stop(0);
    }
  }

  @Test
  void aSecretInAFailingCommandStaysUnexpandedInEveryRecordAndItsEchoIsMasked() throws Exception {
    String config = TestProjects.config("true", "echo \"using ${DEPLOY_TOKEN}\"; exit 2", "true", "true", "true",
        "\"secrets\":[\"DEPLOY_TOKEN\"]");
    DeploymentService s = service(config, Map.of("PATH", System.getenv("PATH"),
        "DEPLOY_TOKEN", "s3cret-deploy-token-value"));
    Deployment d = s.start("svc", "main", null, "alice@example.com");
    Deployment end = s.drive(d.id());
    assertThat(end.state()).isEqualTo(State.FAILED);
    assertThat(end.error()).contains("${DEPLOY_TOKEN}").doesNotContain("s3cret");
    assertThat(s.store().verifyAudit().intact()).as("masked before hashing: the chain verifies").isTrue();
    assertThat(s.audit(d.id())).anySatisfy(e -> assertThat(String.valueOf(e.details().get("error")))
        .contains("${DEPLOY_TOKEN}"));
    String log = Files.readString(dir.resolve(".claude/deployments/logs/" + d.id() + "/building.log"));
    assertThat(log).contains("using [redacted:DEPLOY_TOKEN]");
    try (Stream<Path> files = Files.walk(dir.resolve(".claude"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        // Byte for byte (index.slots is binary): Latin-1 maps every byte to one char, so no byte sequence is skipped.
        assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)).as(f.toString())
            .doesNotContain("s3cret-deploy-token-value");
      }
    }
  }
}
