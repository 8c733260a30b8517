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
        "DEPLOY_AGE_IDENTITY_DEVELOPMENT", id.toString(), "DEPLOY_AGE_IDENTITY_DEV", id.toString());
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
    assertThat(after.error()).contains("the age identity in " + keys.resolve("dev.key") + " (key id ")
        .contains(") cannot decrypt DB_PASSWORD of environment development (.env.development)");
    assertThat(Files.exists(dir.resolve("dev.secret"))).as("the stage never ran").isFalse();
  }

  @Test
  void theEnvFileTheConfigNamesIsTheOneDecrypted() throws Exception {
    Files.createDirectories(dir.resolve("config"));
    // dev reads config/dev.env (bound to "dev"); .env.development, found by name before, is no longer dev's file.
    Files.writeString(dir.resolve("config/dev.env"), "DB_PASSWORD=" + sealed("dev", "DB_PASSWORD", "from-config-file-1")
        + "\n");
    TestProjects.gitProject(dir, CONFIG.replace("\"dev\":{\"deploy\"", "\"dev\":{\"envFile\":\"config/dev.env\",\"deploy\""));
    DeploymentService s = service(key.identity());
    assertThat(s.drive(s.start("svc", "main", null, "alice@example.com").id()).state())
        .isEqualTo(State.AWAITING_APPROVAL);
    assertThat(Files.readString(dir.resolve("dev.secret"))).isEqualTo("from-config-file-1");
  }

  @Test
  void aValueBoundToAnotherEnvironmentFailsTheStageEvenWithTheSameKey() throws Exception {
    // staging's value pasted into dev's file: the same key opens it, the binding refuses it.
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(dir.resolve("config/dev.env"), "DB_PASSWORD=" + sealed("staging", "DB_PASSWORD",
        "staging-only-value-2") + "\n");
    TestProjects.gitProject(dir, CONFIG.replace("\"dev\":{\"deploy\"", "\"dev\":{\"envFile\":\"config/dev.env\",\"deploy\""));
    DeploymentService s = service(key.identity());
    Deployment failed = s.drive(s.start("svc", "main", null, "alice@example.com").id());
    assertThat(failed.state()).isEqualTo(State.FAILED);
    assertThat(failed.error()).contains("DB_PASSWORD in config/dev.env was encrypted for environment staging, not dev")
        .doesNotContain("staging-only-value-2");
    assertThat(dir.resolve("dev.secret")).doesNotExist();
  }

  @Test
  void onAGeneratedPathEachEnvironmentsStageGetsItsOwnValuesOnly() throws Exception {
    String stage = "printf %s \\\"$APP_SECRET\\\" > seen-$ENVIRONMENT; env | grep -c _ONLY_TOKEN= > count-$ENVIRONMENT; "
        + "printenv QA_ONLY_TOKEN > qa-token-$ENVIRONMENT || true";
    StringBuilder envs = new StringBuilder();
    for (String e : List.of("dev", "qa", "staging", "prod")) {
      Files.writeString(dir.resolve(".env." + e), "APP_SECRET=" + sealed(e, "APP_SECRET", "app-" + e + "-value")
          + "\n" + e.toUpperCase() + "_ONLY_TOKEN=" + sealed(e, e.toUpperCase() + "_ONLY_TOKEN", "only-" + e) + "\n");
      envs.append(envs.isEmpty() ? "" : ",").append("\"").append(e).append("\":{\"deploy\":{\"command\":\"")
          .append(stage).append("\"}}");
    }
    TestProjects.gitProject(dir, "{\"service\":\"svc\",\"executor\":\"local\",\"path\":[\"dev\",\"qa\",\"staging\",\"prod\"],"
        + "\"stages\":{\"validate\":{\"command\":\"true\"},\"build\":{\"command\":\"true\"},\"test\":{\"command\":\"true\"}},"
        + "\"environments\":{" + envs + "}}");
    Path id = keys.resolve("all.key");
    Files.writeString(id, key.identity() + "\n");
    DeploymentService s = App.service(dir, Map.of("PATH", System.getenv("PATH"), "HOME", keys.toString(),
        "DEPLOY_AGE_IDENTITY", id.toString()), clock, new RecordingSleeper(clock), List.of());
    Deployment d = s.drive(s.start("svc", "main", null, "alice@example.com").id());
    assertThat(d.state().isGate()).as(String.valueOf(d.error())).isTrue();
    for (String e : List.of("dev", "qa", "staging")) {
      assertThat(Files.readString(dir.resolve("seen-" + e))).isEqualTo("app-" + e + "-value");
      assertThat(Files.readString(dir.resolve("count-" + e)).strip()).as("only its own *_ONLY_TOKEN").isEqualTo("1");
    }
    assertThat(Files.readString(dir.resolve("qa-token-qa")).strip()).isEqualTo("only-qa");
    assertThat(Files.readString(dir.resolve("qa-token-staging"))).isEmpty();
    assertThat(dir.resolve("seen-prod")).as("behind the gate").doesNotExist();
  }

  /** A value sealed for one environment the way `env encrypt` writes it (recipients file, then encrypt). */
  private String sealed(String environment, String name, String value) throws Exception {
    Path scratch = Files.createTempDirectory(keys, "seal");
    Files.writeString(scratch.resolve(".env." + environment + ".recipients"), key.recipient() + "\n");
    new dev.deploypipeline.envfiles.EnvVault(scratch, Map.of(), clock).encrypt(environment, name, value);
    String line = Files.readAllLines(scratch.resolve(".env." + environment)).get(0);
    return line.substring(line.indexOf('=') + 1);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
