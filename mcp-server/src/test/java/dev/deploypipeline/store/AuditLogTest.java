package dev.deploypipeline.store;

import dev.deploypipeline.testutil.TestClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path tmp;
  final TestClock clock = new TestClock(T0);
  FileDeploymentStore store;
  Path file;

  @BeforeEach
  void fill() {
    store = new FileDeploymentStore(tmp.resolve("store"), clock);
    file = store.root().resolve("audit.jsonl");
    for (int i = 1; i <= 5; i++) {
      String id = "d-" + (i % 2 + 1);
      int n = i;
      store.write(w -> w.audit(new AuditRecord(null, id, "alice", "STAGE_FINISHED", "building", "testing", n,
          Map.of("zeta", n, "alpha", Map.of("y", 1.5, "b", "x"), "list", List.of(3, "two")))));
      clock.advance(Duration.ofSeconds(1));
    }
  }

  List<String> lines() throws Exception {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  void rewrite(List<String> lines) throws Exception {
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  @Test
  void entriesChainAndVerify() {
    List<AuditEntry> all = store.audit(null);
    assertThat(all).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(all.get(0).prevHash()).isEqualTo("0".repeat(64));
    for (int i = 1; i < all.size(); i++) assertThat(all.get(i).prevHash()).isEqualTo(all.get(i - 1).hash());
    assertThat(all.get(0).at()).isEqualTo(T0);
    assertThat(all.get(0).details()).containsEntry("zeta", 1);
    assertThat(store.audit("d-1")).extracting(AuditEntry::attempt).containsExactly(2, 4);
    assertThat(store.audit("d-2")).extracting(AuditEntry::attempt).containsExactly(1, 3, 5);
    assertThat(store.audit("d-3")).isEmpty();
    assertThat(store.verifyAudit()).isEqualTo(new AuditVerification(5, true, java.util.Optional.empty()));
  }

  @Test
  void theReturnedEntryIsWhatWasStored() {
    AuditEntry e = store.write(w -> w.audit(new AuditRecord(T0, "d-7", "bob", "APPROVED", "awaiting-approval",
        "deploying-prod", null, Map.of())));
    assertThat(store.audit("d-7")).containsExactly(e);
    assertThat(e.seq()).isEqualTo(6);
  }

  /** Recomputes line 2's hash exactly as the class javadoc documents it, independently of the implementation. */
  @Test
  void hashFollowsTheDocumentedCanonicalForm() throws Exception {
    String line1 = lines().get(0);
    String line2 = lines().get(1);
    assertThat(line2).startsWith("{\"actor\":\"alice\",\"at\":\"2026-03-01T10:00:01Z\",\"attempt\":2,");
    Map<String, Object> m = sorted(Json.MAPPER.readValue(line2, Map.class));
    String hash = (String) m.remove("hash");
    String canonical = Json.MAPPER.writeValueAsString(m);
    assertThat(canonical).doesNotContain(" ").contains("\"alpha\":{\"b\":\"x\",\"y\":1.5}");
    String prev = (String) Json.MAPPER.readValue(line1, Map.class).get("hash");
    byte[] digest = MessageDigest.getInstance("SHA-256")
        .digest((prev + canonical).getBytes(StandardCharsets.UTF_8));
    assertThat(hash).isEqualTo(HexFormat.of().formatHex(digest)).isEqualTo(store.audit(null).get(1).hash());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> sorted(Map<String, Object> m) {
    Map<String, Object> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v instanceof Map ? sorted((Map<String, Object>) v) : v));
    return out;
  }

  @Test
  void anEditedLineIsReportedByNumber() throws Exception {
    List<String> l = lines();
    l.set(2, l.get(2).replace("\"actor\":\"alice\"", "\"actor\":\"mallory\""));
    rewrite(l);
    AuditVerification v = store.verifyAudit();
    assertThat(v.intact()).isFalse();
    assertThat(v.lines()).isEqualTo(5);
    assertThat(v.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("line 3 (seq 3)").contains("edited")
        .doesNotContain("more problem"));
  }

  @Test
  void aDeletedLineIsReportedWhereTheChainBreaks() throws Exception {
    List<String> l = lines();
    l.remove(1);
    rewrite(l);
    AuditVerification v = store.verifyAudit();
    assertThat(v.intact()).isFalse();
    assertThat(v.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("line 2 (seq 3)").contains("deleted"));
  }

  @Test
  void reorderedLinesAreReported() throws Exception {
    List<String> l = lines();
    String x = l.get(3);
    l.set(3, l.get(2));
    l.set(2, x);
    rewrite(l);
    assertThat(store.verifyAudit().problem()).hasValueSatisfying(p -> assertThat(p).startsWith("line 3 (seq 4)"));
  }

  @Test
  void removingTheFirstLineIsReported() throws Exception {
    List<String> l = lines();
    l.remove(0);
    rewrite(l);
    assertThat(store.verifyAudit().problem())
        .hasValueSatisfying(p -> assertThat(p).startsWith("line 1 (seq 2)").contains("lines before it were removed"));
  }

  @Test
  void aTruncatedLastLineIsReportedAndLaterAppendsStillChain() throws Exception {
    // Past a checkpoint the journal no longer holds the line (see aTornLastLineStillInTheJournalIsRestored).
    Files.delete(file.resolveSibling("journal.jsonl"));
    byte[] all = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(all, all.length - 40)); // crash in the middle of line 5
    AuditVerification torn = store.verifyAudit();
    assertThat(torn.intact()).isFalse();
    assertThat(torn.lines()).isEqualTo(5);
    assertThat(torn.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("line 5: incomplete last line"));
    assertThat(store.audit(null)).hasSize(4);

    // A new process appends: the torn line is kept visible, the new line chains to line 4.
    FileDeploymentStore next = new FileDeploymentStore(store.root(), clock);
    AuditEntry e = next.write(w -> w.audit(new AuditRecord(null, "d-1", "bob", "ROLLBACK", null, null, null, null)));
    assertThat(e.seq()).isEqualTo(5);
    assertThat(e.prevHash()).isEqualTo(store.audit(null).get(3).hash());
    AuditVerification after = next.verifyAudit();
    assertThat(after.lines()).isEqualTo(6);
    assertThat(after.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("line 5: not a valid audit entry")
        .doesNotContain("more problem"));
    assertThat(next.audit(null)).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void aLineMissingOnlyItsNewlineIsCompletedByTheNextAppend() throws Exception {
    byte[] all = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(all, all.length - 1));
    assertThat(store.verifyAudit().intact()).isFalse();
    FileDeploymentStore next = new FileDeploymentStore(store.root(), clock);
    AuditEntry e = next.write(w -> w.audit(new AuditRecord(null, "d-1", "bob", "X", null, null, null, null)));
    assertThat(e.seq()).isEqualTo(6);
    assertThat(next.verifyAudit()).isEqualTo(new AuditVerification(6, true, java.util.Optional.empty()));
  }

  @Test
  void anAppendByAnotherInstanceIsSeenBeforeTheNextAppend() {
    FileDeploymentStore other = new FileDeploymentStore(store.root(), clock);
    other.write(w -> w.audit(new AuditRecord(null, "d-1", "bob", "X", null, null, null, null)));
    AuditEntry e = store.write(w -> w.audit(new AuditRecord(null, "d-1", "alice", "Y", null, null, null, null)));
    assertThat(e.seq()).isEqualTo(7);
    assertThat(store.verifyAudit()).isEqualTo(new AuditVerification(7, true, java.util.Optional.empty()));
  }
}
