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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvRotationTest {
  @TempDir Path project;
  @TempDir Path home;
  EnvVault vault;
  Path identity;

  @BeforeEach
  void setUp() throws Exception {
    Redaction.reset();
    Files.writeString(project.resolve(".env.staging"), "# staging\nDB_HOST=db.staging\n");
    vault = new EnvVault(project, Map.of("HOME", home.toString()),
        Clock.fixed(Instant.parse("2026-12-07T03:00:00Z"), ZoneOffset.UTC));
    identity = home.resolve(".config/deployment-pipeline/age/staging.key");
  }

  @AfterEach
  void tearDown() {
    Redaction.reset();
  }

  @Test
  void rotateEncryptsEveryValueToANewKeyAndKeepsTheOldIdentityUntilRetired() throws Exception {
    String oldRecipient = vault.keygen("staging").recipient();
    vault.encrypt("staging", "DB_PASSWORD", "pw-staging-1");
    vault.encrypt("staging", "API_TOKEN", "tok-staging-2");
    String oldIdentity = AgeKeys.identityLines(Files.readAllLines(identity)).get(0);
    String before = Files.readString(project.resolve(".env.staging"));

    EnvRotation.Result r = new EnvRotation(vault).rotate("staging");
    assertThat(r.reencrypted()).containsExactly("DB_PASSWORD", "API_TOKEN");
    assertThat(r.retiredKeyIds()).containsExactly(AgeKeys.keyId(oldRecipient));
    assertThat(r.keyIds()).singleElement().isNotEqualTo(AgeKeys.keyId(oldRecipient));
    String after = Files.readString(project.resolve(".env.staging"));
    assertThat(after).startsWith("# staging\nDB_HOST=db.staging\nDB_PASSWORD=age:").isNotEqualTo(before)
        .doesNotContain("pw-staging-1");
    List<String> recipients = vault.keys().recipients(vault.source("staging"));
    assertThat(recipients).singleElement().isNotEqualTo(oldRecipient);
    assertThat(Files.readString(project.resolve(".env.staging.recipients"))).contains("# retired "
        + "2026-12-07T03:00:00Z (key id " + AgeKeys.keyId(oldRecipient) + "): " + oldRecipient);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(identity))).isEqualTo("rw-------");
    List<String> ids = AgeKeys.identityLines(Files.readAllLines(identity));
    assertThat(ids).hasSize(2).endsWith(oldIdentity);

    // Only the new key opens the values now; the old identity alone does not.
    String newIdentity = ids.get(0);
    assertThat(AgeCipher.recipientOf(newIdentity)).isEqualTo(recipients.get(0));
    Map<String, String> opened = vault.decrypt("staging");
    assertThat(opened).containsExactly(Map.entry("DB_PASSWORD", "pw-staging-1"), Map.entry("API_TOKEN", "tok-staging-2"));
    Path oldOnly = home.resolve("old.key");
    Files.writeString(oldOnly, oldIdentity + "\n");
    assertThatThrownBy(() -> new EnvVault(project, Map.of("DEPLOY_AGE_IDENTITY", oldOnly.toString()),
        Clock.systemUTC()).decrypt("staging")).isInstanceOf(EnvKeyException.class)
        .hasMessageContaining("(key id " + AgeKeys.keyId(oldRecipient) + ") cannot decrypt DB_PASSWORD of "
            + "environment staging (.env.staging): it is encrypted to key id " + r.keyIds().get(0));

    EnvRotation.Result retired = new EnvRotation(vault).retireOld("staging");
    assertThat(retired.retiredKeyIds()).containsExactly(AgeKeys.keyId(oldRecipient));
    assertThat(AgeKeys.identityLines(Files.readAllLines(identity))).containsExactly(newIdentity);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(identity))).isEqualTo("rw-------");
    assertThat(vault.decrypt("staging")).containsEntry("API_TOKEN", "tok-staging-2");
  }

  @Test
  void retiringRefusesWhileAValueStillNeedsTheOldKey() throws Exception {
    String oldRecipient = vault.keygen("staging").recipient();
    vault.encrypt("staging", "DB_PASSWORD", "pw-staging-1");
    new EnvRotation(vault).rotate("staging");
    // A teammate encrypts with the recipients file of before the rotation (an old checkout).
    Files.writeString(project.resolve(".env.staging"), "LATE_TOKEN="
        + SealedSecret.seal("staging", "LATE_TOKEN", "late-value-77", List.of(oldRecipient)) + "\n", 
        java.nio.file.StandardOpenOption.APPEND);
    assertThat(EnvSecretList.of(vault, "staging").secrets()).filteredOn(s -> s.key().equals("LATE_TOKEN"))
        .singleElement().satisfies(s -> assertThat(s.current()).isFalse());
    assertThatThrownBy(() -> new EnvRotation(vault).retireOld("staging")).isInstanceOf(EnvKeyException.class)
        .hasMessage("LATE_TOKEN of environment staging (.env.staging) still needs a key that would be retired (key id "
            + AgeKeys.keyId(oldRecipient) + "); nothing was retired");
    assertThat(AgeKeys.identityLines(Files.readAllLines(identity))).hasSize(2);
    assertThat(new EnvRotation(vault).reencrypt("staging").reencrypted()).contains("LATE_TOKEN");
    assertThat(new EnvRotation(vault).retireOld("staging").retiredKeyIds()).containsExactly(AgeKeys.keyId(oldRecipient));
    assertThat(vault.decrypt("staging")).containsEntry("LATE_TOKEN", "late-value-77");
  }

  @Test
  void retiringKeepsTheOtherEnvironmentsKeysOfASharedIdentityFile() throws Exception {
    // One identity file for every environment (a CI runner's): rotating and retiring staging leaves prod's key.
    Path shared = home.resolve("all.key");
    AgeCipher.KeyPairText staging = AgeCipher.generate();
    AgeCipher.KeyPairText prod = AgeCipher.generate();
    Files.writeString(shared, staging.identity() + "\n" + prod.identity() + "\n");
    Files.writeString(project.resolve(".env.staging.recipients"), staging.recipient() + "\n");
    Files.writeString(project.resolve(".env.production.recipients"), prod.recipient() + "\n");
    EnvVault both = new EnvVault(project, Map.of("DEPLOY_AGE_IDENTITY", shared.toString()), Clock.systemUTC());
    both.encrypt("staging", "DB_PASSWORD", "pw-staging-1");
    both.encrypt("production", "DB_PASSWORD", "pw-prod-2");

    new EnvRotation(both).rotate("staging");
    EnvRotation.Result retired = new EnvRotation(both).retireOld("staging");
    assertThat(retired.retiredKeyIds()).containsExactly(AgeKeys.keyId(staging.recipient()));
    List<String> left = AgeKeys.identityLines(Files.readAllLines(shared));
    assertThat(left).hasSize(2).contains(prod.identity()).doesNotContain(staging.identity());
    assertThat(both.decrypt("production")).containsEntry("DB_PASSWORD", "pw-prod-2");
    assertThat(both.decrypt("staging")).containsEntry("DB_PASSWORD", "pw-staging-1");
    assertThat(new EnvRotation(both).retireOld("production").retiredKeyIds()).as("production never rotated").isEmpty();
    assertThat(AgeKeys.identityLines(Files.readAllLines(shared))).hasSize(2);
  }

  @Test
  void rotatingWithoutTheCurrentKeyChangesNothing() throws Exception {
    vault.keygen("staging");
    vault.encrypt("staging", "DB_PASSWORD", "pw-staging-1");
    Files.move(identity, home.resolve("elsewhere.key"));
    String before = Files.readString(project.resolve(".env.staging"));
    String recipientsBefore = Files.readString(project.resolve(".env.staging.recipients"));
    assertThatThrownBy(() -> new EnvRotation(vault).rotate("staging")).isInstanceOf(EnvKeyException.class)
        .hasMessageStartingWith("no age identity for environment staging (key id ");
    assertThat(Files.readString(project.resolve(".env.staging"))).isEqualTo(before);
    assertThat(Files.readString(project.resolve(".env.staging.recipients"))).isEqualTo(recipientsBefore);
    assertThat(identity).doesNotExist();
  }
}
