package dev.deploypipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.secrets.Redaction;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code env …} through the real command tree; keys live in a temporary directory given with --identity. */
class EnvCommandTest {
  @TempDir Path project;
  @TempDir Path keys;

  @BeforeEach
  void setUp() throws Exception {
    Redaction.reset();
    Files.writeString(project.resolve(".env.example"), "DB_HOST=\nDB_PASSWORD=\n");
    Files.writeString(project.resolve(".env"), "DB_HOST=localhost\nDB_PASSWORD=devpass1\n");
    Files.writeString(project.resolve(".env.production"), "DB_HOST=db.prod\n");
  }

  @AfterEach
  void tearDown() {
    Redaction.reset();
  }

  @Test
  void listDiffMissingAndScanShowNamesAndCountsOnly() {
    CliRun list = CliRun.of("env", "list", "--project", project.toString());
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains("default", "production", ".env.production").doesNotContain("localhost", "devpass1");
    CliRun diff = CliRun.of("env", "diff", "--project", project.toString(), "--json");
    assertThat(diff.out()).contains("\"key\" : \"DB_PASSWORD\"", "\"production\" : \"absent\"", "\"values\" : \"differ\"")
        .doesNotContain("localhost", "db.prod");
    CliRun missing = CliRun.of("env", "missing", "--project", project.toString(), "prod");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.out()).contains("production (.env.production)", "missing (in .env.example): DB_PASSWORD");
    CliRun scan = CliRun.of("env", "scan", "--project", project.toString());
    assertThat(scan.exit()).isEqualTo(1);
    assertThat(scan.out()).contains(".env:2: DB_PASSWORD: its name looks secret").doesNotContain("devpass1");
  }

  @Test
  void keygenEncryptFromStdinVerifyAndExecRoundTrip() throws Exception {
    Path id = keys.resolve("prod.key");
    CliRun keygen = CliRun.of("env", "keygen", "prod", "--project", project.toString(), "--identity", id.toString());
    assertThat(keygen.exit()).as(keygen.err()).isZero();
    assertThat(keygen.out()).contains("identity (secret, keep it off the repo): " + id, ".env.production.recipients");
    assertThat(Files.readString(id)).contains("AGE-SECRET-KEY-1");

    CliRun enc = withStdin("s3cr3t-prod-value\n", "env", "encrypt", "prod", "DB_PASSWORD", "--project",
        project.toString());
    assertThat(enc.exit()).as(enc.err()).isZero();
    assertThat(enc.out()).contains("DB_PASSWORD encrypted into .env.production (added)");
    assertThat(Files.readString(project.resolve(".env.production"))).contains("DB_PASSWORD=age:")
        .doesNotContain("s3cr3t");

    CliRun verify = CliRun.of("env", "decrypt", "prod", "--verify", "-i", id.toString(), "--project", project.toString());
    assertThat(verify.exit()).as(verify.err()).isZero();
    assertThat(verify.out()).contains("1 encrypted value(s) of production open with " + id + ": DB_PASSWORD");

    CliRun exec = CliRun.of("env", "decrypt", "prod", "-i", id.toString(), "--project", project.toString(), "--exec",
        "--", "sh", "-c", "test \"$DB_PASSWORD\" = s3cr3t-prod-value && echo host=$DB_HOST && exit 7");
    assertThat(exec.exit()).as("the command's own exit code").isEqualTo(7);
    assertThat(exec.out()).contains("host=db.prod");
  }

  @Test
  void aMissingIdentityIsAClearErrorNamingTheEnvironmentAndTheFile() throws Exception {
    Path id = keys.resolve("prod.key");
    CliRun.of("env", "keygen", "production", "--project", project.toString(), "--identity", id.toString());
    withStdin("value-1234", "env", "encrypt", "production", "API_TOKEN", "--project", project.toString());
    Path absent = keys.resolve("absent.key");
    CliRun r = CliRun.of("env", "decrypt", "production", "--verify", "-i", absent.toString(), "--project",
        project.toString());
    assertThat(r.exit()).isEqualTo(2);
    String keyId = dev.deploypipeline.envfiles.AgeKeys.keyIdsOf(java.util.List.of(Files.readAllLines(id).stream()
        .filter(l -> l.startsWith("AGE-SECRET-KEY-1")).findFirst().orElseThrow())).get(0);
    assertThat(r.err()).contains("error: no age identity for environment production (key id " + keyId + "): " + absent
        + " does not exist",
        "next: put the environment's identity");
  }

  @Test
  void valuesAreNeverArgumentsAndDecryptNeverPrints() {
    CliRun extra = CliRun.of("env", "encrypt", "prod", "DB_PASSWORD", "hunter2", "--project", project.toString());
    assertThat(extra.exit()).isEqualTo(2);
    assertThat(extra.err()).contains("env encrypt reads the value from standard input, never from an argument",
        "printf %s \"$VALUE\" | deployment-pipeline env encrypt prod DB_PASSWORD").doesNotContain("hunter2");
    CliRun assigned = CliRun.of("env", "encrypt", "prod", "DB_PASSWORD=hunter2", "--project", project.toString());
    assertThat(assigned.exit()).isEqualTo(2);
    assertThat(assigned.err()).contains("never from an argument", "env encrypt prod DB_PASSWORD`")
        .doesNotContain("hunter2");
    CliRun noMode = CliRun.of("env", "decrypt", "prod", "--project", project.toString());
    assertThat(noMode.exit()).isEqualTo(2);
    assertThat(noMode.err()).contains("decrypt never prints values");
    CliRun noKey = withStdin("x", "env", "encrypt", "prod", "--project", project.toString());
    assertThat(noKey.err()).contains("give KEY (its value on standard input) or --detected");
    CliRun noRecipients = withStdin("value-1234", "env", "encrypt", "staging", "X", "--project", project.toString());
    assertThat(noRecipients.err()).contains("environment staging has no age recipients file .env.staging.recipients",
        "env keygen staging");
  }

  @Test
  void secretsListsNamesBindingAndKeyIdsAndRotateReencryptsToANewKey() throws Exception {
    Path id = keys.resolve("prod.key");
    CliRun.of("env", "keygen", "prod", "--project", project.toString(), "--identity", id.toString());
    withStdin("s3cr3t-prod-value\n", "env", "encrypt", "prod", "DB_PASSWORD", "--project", project.toString());
    String oldId = dev.deploypipeline.envfiles.AgeKeys.keyIdsOf(java.util.List.of(Files.readAllLines(id).stream()
        .filter(l -> l.startsWith("AGE-SECRET-KEY-1")).findFirst().orElseThrow())).get(0);

    CliRun secrets = CliRun.of("env", "secrets", "prod", "--project", project.toString());
    assertThat(secrets.exit()).as(secrets.err()).isZero();
    assertThat(secrets.out()).contains("production (.env.production): recipients .env.production.recipients key id "
        + oldId).containsPattern("DB_PASSWORD +bound +" + oldId).doesNotContain("s3cr3t");

    CliRun rotate = CliRun.of("env", "rotate", "prod", "-i", id.toString(), "--project", project.toString());
    assertThat(rotate.exit()).as(rotate.err()).isZero();
    assertThat(rotate.out()).contains("new age key for production: key id ", "(replaces key id " + oldId + ")",
        "1 value(s) of .env.production encrypted again: DB_PASSWORD", "env rotate production --retire-old")
        .doesNotContain("s3cr3t").doesNotContain("AGE-SECRET-KEY");
    CliRun after = CliRun.of("env", "secrets", "prod", "--project", project.toString(), "--json");
    assertThat(after.out()).contains("\"binding\" : \"bound\"", "\"current\" : true").doesNotContain(oldId);
    CliRun exec = CliRun.of("env", "decrypt", "prod", "-i", id.toString(), "--project", project.toString(), "--exec",
        "--", "sh", "-c", "test \"$DB_PASSWORD\" = s3cr3t-prod-value");
    assertThat(exec.exit()).as("the rotated value opens with the new key: " + exec.err()).isZero();
    CliRun retire = CliRun.of("env", "rotate", "prod", "--retire-old", "-i", id.toString(), "--project",
        project.toString());
    assertThat(retire.out()).as(retire.err()).contains("retired key id " + oldId + " of production from " + id);
    CliRun both = CliRun.of("env", "rotate", "prod", "--retire-old", "--reencrypt", "--project", project.toString());
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("--retire-old and --reencrypt are separate steps");
  }

  private static CliRun withStdin(String input, String... args) {
    InputStream real = System.in;
    try {
      System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
      return CliRun.of(args);
    } finally {
      System.setIn(real);
    }
  }
}
