package dev.deploypipeline.envfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.secrets.Redaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvVaultTest {
  @TempDir Path project;
  @TempDir Path home;
  EnvVault vault;

  @BeforeEach
  void setUp() throws Exception {
    Redaction.reset();
    Files.writeString(project.resolve(".env.production"), "# prod\nDB_HOST=db.internal\nexport PORT=8080\n");
    vault = new EnvVault(project, Map.of("HOME", home.toString()), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
  }

  @AfterEach
  void tearDown() {
    Redaction.reset();
  }

  @Test
  void keygenWritesAPrivateIdentityOutsideTheProjectAndTheRecipientInside() throws Exception {
    EnvVault.KeygenResult k = vault.keygen("production");
    Path id = home.resolve(".config/deployment-pipeline/age/production.key");
    assertThat(k.identityFile()).isEqualTo(id);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(id))).isEqualTo("rw-------");
    assertThat(Files.readString(id)).contains("# public key: " + k.recipient()).contains("AGE-SECRET-KEY-1");
    assertThat(Files.readString(project.resolve(".env.production.recipients"))).contains(k.recipient());
    assertThatThrownBy(() -> vault.keygen("production")).isInstanceOf(EnvKeyException.class)
        .hasMessageContaining("already has an age identity file " + id);
  }

  @Test
  void encryptWritesOnlyCiphertextKeepsOtherLinesAndDecryptReturnsTheValue() throws Exception {
    vault.keygen("production");
    EnvVault.Encrypted e = vault.encrypt("production", "DB_PASSWORD", "hunter2-very-secret");
    assertThat(e.change()).isEqualTo("added");
    String text = Files.readString(project.resolve(".env.production"));
    assertThat(text).startsWith("# prod\nDB_HOST=db.internal\nexport PORT=8080\nDB_PASSWORD=age:")
        .doesNotContain("hunter2");
    assertThat(vault.encrypt("production", "DB_PASSWORD", "second-value-42").change()).isEqualTo("replaced-encrypted");
    assertThat(Files.readString(project.resolve(".env.production"))).containsOnlyOnce("DB_PASSWORD=");
    Redaction.reset();
    assertThat(vault.decrypt("production")).containsExactly(Map.entry("DB_PASSWORD", "second-value-42"));
    assertThat(Redaction.redact("pw is second-value-42")).isEqualTo("pw is [redacted:DB_PASSWORD]");
    assertThat(vault.environment("production")).containsEntry("DB_HOST", "db.internal")
        .containsEntry("PORT", "8080").containsEntry("DB_PASSWORD", "second-value-42");
  }

  @Test
  void encryptDetectedEncryptsPlainSecretsInPlace() throws Exception {
    Files.writeString(project.resolve(".env.production"), "DB_HOST=db\nexport API_TOKEN=abc123def456\nDEBUG=false\n");
    vault.keygen("production");
    assertThat(vault.encryptDetected("production")).containsExactly("API_TOKEN");
    EnvDoc doc = EnvDoc.read(project, EnvFiles.of(project, "production"));
    assertThat(doc.encryptedKeys()).containsExactly("API_TOKEN");
    assertThat(doc.value("DB_HOST")).isEqualTo("db");
    assertThat(Files.readString(project.resolve(".env.production"))).startsWith("DB_HOST=db\nexport API_TOKEN=age:")
        .endsWith("\nDEBUG=false\n");
    assertThat(vault.decrypt("production")).containsEntry("API_TOKEN", "abc123def456");
  }

  @Test
  void aMissingRecipientsFileNamesTheEnvironmentAndTheFile() {
    assertThatThrownBy(() -> vault.encrypt("production", "X_TOKEN", "value-1234"))
        .isInstanceOf(EnvKeyException.class)
        .hasMessage("environment production has no age recipients file .env.production.recipients")
        .satisfies(x -> assertThat(((EnvKeyException) x).nextStep()).contains("env keygen production"));
  }

  @Test
  void aMissingOrWrongIdentityNamesTheEnvironmentAndTheIdentityFile() throws Exception {
    String keyId = AgeKeys.keyId(vault.keygen("production").recipient());
    vault.encrypt("production", "DB_PASSWORD", "hunter2-very-secret");
    Path id = home.resolve(".config/deployment-pipeline/age/production.key");
    Path moved = home.resolve("kept.key");
    Files.move(id, moved);
    assertThatThrownBy(() -> vault.decrypt("production")).isInstanceOf(EnvKeyException.class)
        .hasMessage("no age identity for environment production (key id " + keyId + "): " + id + " does not exist");

    Path wrong = home.resolve("wrong.key");
    Files.writeString(wrong, AgeCipher.generate().identity() + "\n");
    EnvVault other = new EnvVault(project, Map.of("HOME", home.toString(), "DEPLOY_AGE_IDENTITY_PRODUCTION",
        wrong.toString()), Clock.systemUTC());
    assertThatThrownBy(() -> other.decrypt("production")).isInstanceOf(EnvKeyException.class)
        .hasMessageStartingWith("the age identity in " + wrong + " (key id " + AgeKeys.keyIdsOf(
            java.util.List.of(Files.readString(wrong).strip())).get(0) + ") cannot decrypt DB_PASSWORD of environment "
            + "production (.env.production): it is encrypted to key id " + keyId)
        .hasMessageNotContaining("hunter2");
    EnvVault right = new EnvVault(project, Map.of("DEPLOY_AGE_IDENTITY", moved.toString()), Clock.systemUTC());
    assertThat(right.decrypt("production")).containsEntry("DB_PASSWORD", "hunter2-very-secret");
  }

  @Test
  void anEnvironmentWithoutEncryptedValuesNeedsNoKey() {
    assertThat(vault.decrypt("production")).isEmpty();
    assertThat(vault.decrypt("staging")).isEmpty();
  }

  @Test
  void badNamesAndEmptyValuesAreRefusedWithTheFix() throws Exception {
    vault.keygen("production");
    assertThatThrownBy(() -> vault.encrypt("production", "1BAD", "value-1234")).hasMessageContaining("'1BAD' is not a variable name");
    assertThatThrownBy(() -> vault.encrypt("production", "GOOD", "")).isInstanceOf(EnvFileException.class)
        .hasMessageContaining("no value for GOOD on standard input");
    assertThatThrownBy(() -> vault.encrypt("../etc", "GOOD", "x1234")).hasMessageContaining("is not a name");
  }

  @Test
  void prodFindsTheProductionFileByAlias() throws Exception {
    assertThat(EnvFiles.of(project, "prod")).isEqualTo(new EnvSource("production", Path.of(".env.production")));
    assertThat(EnvFiles.of(project, "staging")).isEqualTo(new EnvSource("staging", Path.of(".env.staging")));
    Files.writeString(project.resolve(".env.prod"), "A=1\n");
    assertThat(EnvFiles.of(project, "prod").file()).isEqualTo(Path.of(".env.prod"));
  }
}
