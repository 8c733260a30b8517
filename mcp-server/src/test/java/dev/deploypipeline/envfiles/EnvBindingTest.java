package dev.deploypipeline.envfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.secrets.Redaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values are bound to their environment and variable: one identity holding every key still cannot move them. */
class EnvBindingTest {
  @TempDir Path project;
  @TempDir Path home;
  EnvVault vault;
  Path shared;

  @BeforeEach
  void setUp() throws Exception {
    Redaction.reset();
    // One identity file opens both environments: the case binding exists for (a CI runner holding every key).
    shared = home.resolve("all.key");
    vault = new EnvVault(project, Map.of("HOME", home.toString(), "DEPLOY_AGE_IDENTITY", shared.toString()),
        Clock.fixed(Instant.parse("2026-12-07T03:00:00Z"), ZoneOffset.UTC));
    AgeCipher.KeyPairText key = AgeCipher.generate();
    Files.writeString(shared, key.identity() + "\n");
    for (String env : List.of("staging", "production")) {
      Files.writeString(project.resolve(".env." + env + ".recipients"), key.recipient() + "\n");
    }
  }

  @AfterEach
  void tearDown() {
    Redaction.reset();
  }

  private String line(String env, String key) throws Exception {
    return Files.readAllLines(project.resolve(".env." + env)).stream().filter(l -> l.startsWith(key + "="))
        .findFirst().orElseThrow();
  }

  @Test
  void aStagingValueCopiedIntoProductionDoesNotOpenThereEvenWithBothKeys() throws Exception {
    vault.encrypt("staging", "DB_PASSWORD", "staging-pw-1234");
    assertThat(vault.decrypt("staging")).containsEntry("DB_PASSWORD", "staging-pw-1234");
    Files.writeString(project.resolve(".env.production"), line("staging", "DB_PASSWORD") + "\n");
    assertThatThrownBy(() -> vault.decrypt("prod")).isInstanceOf(EnvKeyException.class)
        .hasMessageStartingWith("DB_PASSWORD in .env.production was encrypted for environment staging, not "
            + "production (key id " + AgeKeys.keyIdsOf(List.of(Files.readString(shared).strip())).get(0) + ")")
        .hasMessageNotContaining("staging-pw-1234");
    EnvSecretList list = EnvSecretList.of(vault, "production");
    assertThat(list.secrets()).singleElement().satisfies(r -> {
      assertThat(r.binding()).isEqualTo(EnvSecretList.FOREIGN);
      assertThat(r.boundTo()).isEqualTo("staging/DB_PASSWORD");
    });
    assertThat(list.found()).isTrue();
    assertThatThrownBy(() -> new EnvRotation(vault).reencrypt("production")).hasMessageContaining("encrypted for "
        + "environment staging");
  }

  @Test
  void aValueMovedToAnotherVariableDoesNotOpen() throws Exception {
    vault.encrypt("production", "DB_PASSWORD", "prod-pw-98765");
    String moved = line("production", "DB_PASSWORD").replace("DB_PASSWORD=", "API_TOKEN=");
    Files.writeString(project.resolve(".env.production"), moved + "\n");
    assertThatThrownBy(() -> vault.decrypt("production")).isInstanceOf(EnvKeyException.class)
        .hasMessage("API_TOKEN in .env.production of environment production holds the value encrypted for "
            + "DB_PASSWORD: a value is bound to its variable");
  }

  @Test
  void theShortAndLongNamesOfAnEnvironmentAreOneBinding() throws Exception {
    Files.writeString(project.resolve(".env.production"), "DB_HOST=db\n");
    vault.encrypt("prod", "DB_PASSWORD", "prod-pw-98765");
    assertThat(SealedSecret.label(line("production", "DB_PASSWORD").substring("DB_PASSWORD=".length())))
        .hasValueSatisfying(l -> assertThat(l.environment()).isEqualTo("production"));
    // The config may name .env.production as prod's file: the values bound to "production" open as prod.
    EnvVault configured = new EnvVault(project, Map.of("DEPLOY_AGE_IDENTITY", shared.toString()), Clock.systemUTC(),
        Map.of("prod", Path.of(".env.production")));
    assertThat(configured.source("prod")).isEqualTo(new EnvSource("prod", Path.of(".env.production")));
    assertThat(configured.decrypt("prod")).containsEntry("DB_PASSWORD", "prod-pw-98765");
  }

  @Test
  void unboundValuesStillOpenAreReportedAndReencryptRebindsThem() throws Exception {
    String recipient = Files.readString(project.resolve(".env.production.recipients")).strip();
    Files.writeString(project.resolve(".env.production"), "DB_HOST=db\nDB_PASSWORD="
        + AgeCipher.encrypt("old-unbound-pw-1", List.of(recipient)) + "\nAPI_KEY=plain-key-123456\n");
    assertThat(vault.decrypt("production")).containsExactly(Map.entry("DB_PASSWORD", "old-unbound-pw-1"));
    EnvSecretList before = EnvSecretList.of(vault, "production");
    assertThat(before.secrets()).singleElement().satisfies(r -> {
      assertThat(r.binding()).isEqualTo(EnvSecretList.UNBOUND);
      assertThat(r.keyIds()).isEmpty();
    });
    assertThat(before.plaintextSecrets()).containsExactly("API_KEY");
    assertThat(before.text()).contains("DB_PASSWORD", "unbound", "? (not recorded)", "--reencrypt")
        .doesNotContain("old-unbound-pw-1").doesNotContain("plain-key-123456");

    EnvRotation.Result r = new EnvRotation(vault).reencrypt("production");
    assertThat(r.rebound()).containsExactly("DB_PASSWORD");
    assertThat(r.keyIds()).containsExactly(AgeKeys.keyId(recipient));
    EnvSecretList after = EnvSecretList.of(vault, "production");
    assertThat(after.secrets()).singleElement().satisfies(row -> {
      assertThat(row.binding()).isEqualTo(EnvSecretList.BOUND);
      assertThat(row.keyIds()).containsExactly(AgeKeys.keyId(recipient));
      assertThat(row.current()).isTrue();
    });
    assertThat(vault.decrypt("production")).containsEntry("DB_PASSWORD", "old-unbound-pw-1");
    assertThat(Files.readString(project.resolve(".env.production"))).startsWith("DB_HOST=db\nDB_PASSWORD=age:")
        .endsWith("\nAPI_KEY=plain-key-123456\n");
  }
}
