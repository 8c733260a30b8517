package dev.deploypipeline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.envfiles.AgeCipher;
import dev.deploypipeline.secrets.Redaction;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage of an environment whose env file holds age-encrypted values gets them decrypted in its process's
 * environment, and nowhere else: not in the stage log, the deployment record or the audit trail.
 */
class EnvFileStageTest {
  static final String SECRET = "pg-Pa55word-for-dev-only";
  static final String CONFIG = """
      {"service":"svc","executor":"local",
       "stages":{"validate":{"command":"true"},"build":{"command":"true"},"test":{"command":"true"}},
       "environments":{
         "dev":{"deploy":{"command":"printf %s \\"$DB_PASSWORD\\" > dev.secret; echo \\"deploying with $DB_PASSWORD\\""}},
         "staging":{"deploy":{"command":"true"}},
         "prod":{"deploy":{"command":"true"}}}}
      """;

  @TempDir Path dir;
  @TempDir Path keys;
  final TestClock clock = TestClock.at("2026-12-07T10:00:00Z");
  AgeCipher.KeyPairText key;

  @BeforeEach
  void setUp() throws Exception {
    Redaction.reset();
    key = AgeCipher.generate();
    Files.writeString(dir.resolve(".env.development"), "DB_HOST=db\nDB_PASSWORD="
        + AgeCipher.encrypt(SECRET, List.of(key.recipient())) + "\n");
    TestProjects.gitProject(dir, CONFIG);
  }

  @AfterEach
  void forget() {
    Redaction.reset();
  }

  DeploymentService service(String identity) throws Exception {
    Path id = keys.resolve("dev.key");
    Files.writeString(id, identity + "\n");
    Map<String, String> env = Map.of("PATH", System.getenv("PATH"), "HOME", keys.toString(),
        "DEPLOY_AGE_IDENTITY_DEVELOPMENT", id.toString());
    return App.service(dir, env, clock, new RecordingSleeper(clock), List.of());
  }

  @Test
  void theDeployStageSeesTheDecryptedValueAndNoRecordDoes() throws Exception {
    DeploymentService s = service(key.identity());
    Deployment d = s.start("svc", "main", null, "alice@example.com");
    assertThat(s.drive(d.id()).state()).isEqualTo(State.AWAITING_APPROVAL);
    assertThat(Files.readString(dir.resolve("dev.secret"))).isEqualTo(SECRET);

    List<Path> records;
    try (Stream<Path> all = Files.walk(dir.resolve(".claude"))) {
      records = all.filter(Files::isRegularFile).toList();
    }
    assertThat(records).isNotEmpty();
    String everything = String.join("\n", records.stream().map(EnvFileStageTest::read).toList());
    assertThat(everything).as("stage logs, deployment record and audit trail").doesNotContain(SECRET)
        .contains("deploying with [redacted:DB_PASSWORD]");
  }

  @Test
  void aWrongKeyFailsTheStageNamingTheEnvironmentAndTheIdentityFile() throws Exception {
    DeploymentService s = service(AgeCipher.generate().identity());
    Deployment d = s.start("svc", "main", null, "alice@example.com");
    Deployment after = s.drive(d.id());
    assertThat(after.state()).isEqualTo(State.FAILED);
    assertThat(after.error()).contains("the age identity in " + keys.resolve("dev.key")
        + " cannot decrypt DB_PASSWORD of environment development (.env.development)");
    assertThat(Files.exists(dir.resolve("dev.secret"))).as("the stage never ran").isFalse();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
