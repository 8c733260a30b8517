package dev.deploypipeline.store;

import dev.deploypipeline.testutil.TestClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileDeploymentStoreTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path tmp;
  final TestClock clock = new TestClock(T0);

  FileDeploymentStore store() {
    return new FileDeploymentStore(tmp.resolve("store"), clock);
  }

  static Deployment create(DeploymentStore.Writer w, String service, Instant now) {
    return DeploymentStoreContract.create(w, service, now);
  }

  @Test
  void readsOfAMissingStoreAreEmptyAndCreateNothing() {
    FileDeploymentStore s = store();
    assertThat(s.find("d-1")).isEmpty();
    assertThat(s.history(HistoryQuery.all(20))).isEmpty();
    assertThat(s.active()).isEmpty();
    assertThat(s.audit(null)).isEmpty();
    assertThat(s.verifyAudit()).isEqualTo(new AuditVerification(0, true, java.util.Optional.empty()));
    assertThat(tmp.resolve("store")).doesNotExist();
  }

  @Test
  void forProjectLivesUnderDotClaude() {
    assertThat(FileDeploymentStore.forProject(tmp).root()).isEqualTo(tmp.resolve(".claude/deployments"));
  }

  /** The round trip itself is in {@link DeploymentStoreContract}; here, what it leaves on disk. */
  @Test
  void aSaveKeepsThePreviousCopyAsBackupAndTheSequenceInAFile() throws Exception {
    FileDeploymentStore s = store();
    Deployment first = s.write(w -> create(w, "payments", clock.instant()));
    s.write(w -> w.save(first.withState(State.VALIDATING, clock.instant())));
    s.write(w -> w.nextId());
    assertThat(s.root().resolve("deployments/d-1.json")).exists();
    assertThat(Json.MAPPER.readValue(s.root().resolve("deployments/d-1.json.bak").toFile(), Deployment.class))
        .isEqualTo(first);
    assertThat(s.root().resolve("seq")).hasContent("2");
  }

  @Test
  void statesAreWrittenAsTheirKebabIdAndInstantsAsIso() throws Exception {
    FileDeploymentStore s = store();
    Deployment d = s.write(w -> create(w, "payments", clock.instant()));
    s.write(w -> w.save(d.withState(State.DEPLOYING_STAGING, clock.instant())));
    String json = Files.readString(s.root().resolve("deployments/d-1.json"));
    assertThat(json).contains("\"state\":\"deploying-staging\"").contains("\"createdAt\":\"2026-03-01T10:00:00Z\"")
        .doesNotContain("null");
  }

  @ParameterizedTest(name = "main file {0} → backup used")
  @ValueSource(strings = {"empty", "truncated", "garbage", "missing", "other-id"})
  void aDamagedMainFileFallsBackToTheBackup(String damage) throws Exception {
    FileDeploymentStore s = store();
    Deployment v1 = s.write(w -> create(w, "payments", clock.instant()));
    Deployment v2 = s.write(w -> w.save(v1.withState(State.VALIDATING, clock.instant())));
    Path main = s.root().resolve("deployments/d-1.json");
    byte[] good = Files.readAllBytes(main);
    switch (damage) {
      case "empty" -> Files.write(main, new byte[0]);
      case "truncated" -> Files.write(main, Arrays.copyOf(good, good.length / 2));
      case "garbage" -> Files.writeString(main, "\u0000\u0000not json");
      case "missing" -> Files.delete(main);
      case "other-id" -> Files.writeString(main, new String(good, StandardCharsets.UTF_8).replace("d-1", "d-7"));
      default -> throw new IllegalArgumentException(damage);
    }
    assertThat(s.find("d-1")).contains(v1);
    assertThat(v2.revision()).isEqualTo(2);

    // The next save builds on the backup's revision and keeps the backup (the damaged main is not a good copy).
    Deployment v2b = s.write(w -> w.save(v1.withState(State.FAILED, clock.instant())));
    assertThat(v2b.revision()).isEqualTo(2);
    assertThat(s.find("d-1")).contains(v2b);
    assertThat(Json.MAPPER.readValue(Files.readAllBytes(s.root().resolve("deployments/d-1.json.bak")),
        Deployment.class)).isEqualTo(v1);
  }

  @Test
  void bothCopiesBrokenIsAClearErrorNamingTheFiles() throws Exception {
    FileDeploymentStore s = store();
    Deployment v1 = s.write(w -> create(w, "payments", clock.instant()));
    s.write(w -> w.save(v1.withState(State.VALIDATING, clock.instant())));
    Files.writeString(s.root().resolve("deployments/d-1.json"), "{\"id\":");
    Files.writeString(s.root().resolve("deployments/d-1.json.bak"), "");
    assertThatThrownBy(() -> s.find("d-1")).isInstanceOf(StoreException.class)
        .hasMessageContaining("deployment d-1 is unreadable")
        .hasMessageContaining(s.root().resolve("deployments/d-1.json").toString())
        .hasMessageContaining(s.root().resolve("deployments/d-1.json.bak").toString())
        .hasMessageContaining("is empty");

    Files.delete(s.root().resolve("deployments/d-1.json.bak"));
    assertThatThrownBy(() -> s.find("d-1")).isInstanceOf(StoreException.class)
        .hasMessageContaining("there is no backup");
  }

  @Test
  void aLeftoverTempFileFromACrashIsIgnoredAndCleanedUpByTheNextWriter() throws Exception {
    FileDeploymentStore s = store();
    Deployment v1 = s.write(w -> create(w, "payments", clock.instant()));
    // A crash after writing the temp file but before the rename: the new content never became visible.
    Path dir = s.root().resolve("deployments");
    Path leftover = dir.resolve("d-1.json.5f3a.tmp");
    Files.writeString(leftover, Json.MAPPER.writeValueAsString(v1.withState(State.FAILED, T0).withRevision(2)));
    Files.writeString(s.root().resolve("index.jsonl.77.tmp"), "{\"id\":\"d-1\"");

    FileDeploymentStore restarted = new FileDeploymentStore(s.root(), clock);
    assertThat(restarted.find("d-1")).contains(v1);
    assertThat(restarted.history(HistoryQuery.all(5))).singleElement()
        .satisfies(x -> assertThat(x.state()).isEqualTo(State.PENDING));
    Deployment v2 = restarted.write(w -> w.save(v1.withState(State.VALIDATING, clock.instant())));
    assertThat(v2.revision()).isEqualTo(2);
    assertThat(leftover).doesNotExist();
    assertThat(s.root().resolve("index.jsonl.77.tmp")).doesNotExist();
  }
}
