package dev.deploypipeline.store;

import dev.deploypipeline.workflow.Deployment;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every {@link DeploymentStore} applies to what it keeps, whatever holds the bytes: redaction before anything is
 * stored, the audit chain's canonical lines and hashes (see {@link AuditLog}), its verification, and the names it
 * accepts. Another implementation (the PostgreSQL store) uses these so that its lines are byte for byte those of the
 * file store and a trail can move between them with its chain intact.
 */
public final class StoreRules {
  /** The {@code prevHash} of the first line. */
  public static final String GENESIS = AuditLog.GENESIS;

  private StoreRules() {}

  /** The deployment with every secret masked; what a store saves instead of {@code d}. */
  public static Deployment scrub(Deployment d) {
    return Scrub.deployment(d);
  }

  /** An audit line: the entry as returned to callers, and its canonical JSON (the stored line, without newline). */
  public record Line(AuditEntry entry, byte[] canonical) {}

  /**
   * The line after the one with {@code prevHash} and {@code prevSeq} (GENESIS and 0 for the first): {@code r}
   * scrubbed, stamped from {@code clock} when it has no time, numbered and hashed.
   */
  public static Line nextLine(String prevHash, long prevSeq, AuditRecord r, Clock clock) {
    AuditRecord s = Scrub.audit(r);
    AuditEntry unhashed = new AuditEntry(prevSeq + 1, s.at() != null ? s.at() : clock.instant(), s.deploymentId(), s.actor(),
        s.event(), s.from(), s.to(), s.attempt(), s.details(), prevHash, null);
    ObjectNode node = (ObjectNode) Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(unhashed));
    String h = AuditLog.hash(prevHash, node);
    node.put("hash", h);
    AuditEntry entry = new AuditEntry(unhashed.seq(), unhashed.at(), s.deploymentId(), s.actor(), s.event(), s.from(),
        s.to(), s.attempt(), s.details(), prevHash, h);
    return new Line(entry, Json.CANONICAL.writeValueAsBytes(node));
  }

  /** Parses a stored line. */
  public static AuditEntry parseLine(byte[] line) {
    return Json.MAPPER.readValue(line, AuditEntry.class);
  }

  /** Checks the hash chain over stored lines, oldest first; problems are reported by line number. */
  public static AuditVerification verify(Iterator<byte[]> lines) {
    AuditChainCheck check = new AuditChainCheck();
    while (lines.hasNext()) {
      byte[] l = lines.next();
      check.line(l, 0, l.length);
    }
    return check.result();
  }

  /** {@code what}'s {@code value} if it is a safe name (deployment id, stage), else a clear error. */
  public static String checkName(String what, String value) {
    return DeploymentFiles.checkName(what, value);
  }

  /**
   * The file store's audit lines exactly as stored (without newlines), oldest first, for copying a trail elsewhere
   * with its chain intact; a torn last line is left out (verification reports it).
   */
  public static List<byte[]> auditLines(FileDeploymentStore s) {
    Path file = s.root().resolve("audit.jsonl");
    List<byte[]> out = new ArrayList<>();
    if (!Files.exists(file)) return out;
    try (FileChannel ch = JsonLines.openRead(file)) {
      JsonLines.read(ch, 0, ch.size(), (buf, off, len) -> {
        if (len > 0) out.add(Arrays.copyOfRange(buf, off, off + len));
      });
    } catch (IOException e) {
      throw new StoreException("cannot read the audit trail " + file + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** The highest id number the file store has handed out (ids may be handed out and never saved). */
  public static long lastIssuedId(FileDeploymentStore s) {
    try {
      return Files.isDirectory(s.root()) ? s.ids().current() : 0;
    } catch (IOException e) {
      throw new StoreException("cannot read the id sequence in " + s.root() + ": " + e.getMessage(), e);
    }
  }

  /** {@code d-42} → 42; anything else → -1 (not one of ours: history and active skip it). */
  public static long idNumber(String id) {
    return SummaryIndex.idNumber(id);
  }
}
