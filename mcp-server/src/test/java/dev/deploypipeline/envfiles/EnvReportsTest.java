package dev.deploypipeline.envfiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.secrets.SecretDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvReportsTest {
  @TempDir Path project;
  String ghToken = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(project.resolve(".env.example"), "DB_HOST=\nDB_PASSWORD=changeme\nPORT=8080\nGITHUB_TOKEN=\n");
    Files.writeString(project.resolve(".env"), "DB_HOST=localhost\nPORT=8080\nDB_PASSWORD=devpass1\n");
    Files.writeString(project.resolve(".env.staging"), "DB_HOST=db.staging\nPORT=8080\nGH=" + ghToken + "\n");
    Files.writeString(project.resolve(".env.production"), "DB_HOST=db.prod\nPORT=8080\nDB_PASSWORD=age:AAAA\n");
    Files.writeString(project.resolve(".env.production.recipients"), "age1xyz\n");
    Files.writeString(project.resolve(".env.staging.bak"), "IGNORED=1\n");
    Files.writeString(project.resolve("compose.yaml"), """
        services:
          web:
            image: "web:${TAG:-latest}"
            environment:
              DB: "postgres://app@${DB_HOST}:5432/app"
              PASSWORD: ${DB_PASSWORD:?set it}
              LEVEL: $LOG_LEVEL
        """);
  }

  @Test
  void listCountsKeysSecretsAndEncryptedPerEnvironmentWithoutValues() {
    EnvListing l = EnvListing.of(project, List.of());
    assertThat(l.environments()).extracting(EnvListing.Row::environment)
        .containsExactly("default", "production", "staging");
    EnvListing.Row prod = l.environments().get(1);
    assertThat(prod.keys()).isEqualTo(3);
    assertThat(prod.encrypted()).isEqualTo(1);
    assertThat(prod.secrets()).isEqualTo(1);
    assertThat(prod.recipients()).isEqualTo(Path.of(".env.production.recipients"));
    EnvListing.Row staging = l.environments().get(2);
    assertThat(staging.plaintextSecrets()).isEqualTo(1);
    assertThat(l.toMap().toString() + l.text()).doesNotContain("localhost", "db.prod", ghToken, "devpass1");
    assertThat(EnvListing.of(project, List.of("qa")).environments().get(0).exists()).isFalse();
  }

  @Test
  void diffSaysWhereKeysAreAndWhetherValuesDifferNeverWhatTheyAre() {
    EnvDiff d = EnvDiff.of(project, List.of());
    Map<String, EnvDiff.Row> rows = new java.util.LinkedHashMap<>();
    d.keys().forEach(r -> rows.put(r.key(), r));
    assertThat(rows.get("PORT").values()).isEqualTo("same");
    assertThat(rows.get("DB_HOST").values()).isEqualTo("differ");
    assertThat(rows.get("DB_PASSWORD").values()).isEqualTo("unknown");
    assertThat(rows.get("DB_PASSWORD").presence()).containsExactly(Map.entry("default", "plain"),
        Map.entry("production", "encrypted"), Map.entry("staging", "absent"));
    assertThat(rows.get("GH").values()).isEqualTo("single");
    assertThat(d.toMap().toString() + d.text()).doesNotContain("localhost", "db.staging", ghToken, "devpass1");
    assertThat(EnvDiff.of(project, List.of("staging", "prod")).environments()).containsExactly("staging", "production");
  }

  @Test
  void missingComparesWithTheExampleAndTheComposeReferences() {
    EnvMissing m = EnvMissing.of(project, List.of(), List.of());
    assertThat(m.composeFiles()).containsExactly(Path.of("compose.yaml"));
    EnvMissing.Row staging = m.environments().stream().filter(r -> r.environment().equals("staging")).findFirst()
        .orElseThrow();
    assertThat(staging.missing()).containsExactly("DB_PASSWORD", "GITHUB_TOKEN");
    assertThat(staging.undocumented()).containsExactly("GH");
    assertThat(staging.undeclared()).as("${DB_PASSWORD:?} and $LOG_LEVEL have no default; TAG has one")
        .containsExactly("DB_PASSWORD", "LOG_LEVEL");
    assertThat(staging.unused()).containsExactly("PORT", "GH");
    assertThat(m.clean()).isFalse();
  }

  @Test
  void aServiceLoadingTheFileWithEnvFileUsesEveryKey() throws Exception {
    Files.writeString(project.resolve("compose.yaml"), "services:\n  web:\n    image: web\n    env_file: [.env.staging]\n");
    EnvMissing m = EnvMissing.of(project, List.of("staging", "default"), List.of(Path.of("compose.yaml")));
    assertThat(m.environments().get(0).unused()).isEmpty();
    assertThat(m.environments().get(1).unused()).containsExactly("DB_HOST", "PORT", "DB_PASSWORD");
  }

  @Test
  void scanFlagsPlainSecretsByTheSharedDetectorAndSkipsEncryptedOnes() {
    EnvScan s = EnvScan.of(project, List.of());
    assertThat(s.findings()).extracting(f -> f.environment() + ":" + f.key() + ":" + f.reason())
        .containsExactly("default:DB_PASSWORD:NAME", "staging:GH:TOKEN_FORMAT");
    assertThat(s.findings().get(1).line()).isEqualTo(3);
    assertThat(s.encrypted()).isEqualTo(1);
    assertThat(s.toMap().toString() + s.text()).doesNotContain(ghToken, "devpass1");
    assertThat(SecretDetector.detect("GH", ghToken).orElseThrow().detail()).isEqualTo("a GitHub token");
  }
}
