package dev.deploypipeline.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code audit.jsonl}: append-only JSON Lines of {@link AuditEntry}, chained by hashes.
 *
 * <p><b>Canonical form and hash.</b> For an entry, take its JSON object <i>without</i> the {@code hash} member, as
 * written by {@link Json#MAPPER} (null members omitted, instants as ISO-8601 strings such as
 * {@code 2026-01-02T03:04:05Z}, numbers as plain JSON numbers), re-serialize it with every object's members sorted
 * by name ({@link String#compareTo}, at every nesting level) and no whitespace at all. Then
 * {@code hash = lowercase-hex(SHA-256(UTF-8(prevHash + canonicalJson)))}. {@code prevHash} is the previous line's
 * {@code hash}, or 64 zeros for the first line; {@code seq} starts at 1 and grows by one per line. The stored line is
 * the same canonical JSON with {@code hash} added (so also sorted), followed by {@code '\n'}.
 *
 * <p><b>Crash mid-append.</b> A line without its final newline is torn. The next append terminates it with
 * {@code '\n'} and chains to the last intact line, so {@link #verify()} reports the torn line by number (it stays
 * visible rather than silently cut away) while every later line still verifies. Removing whole lines at the very end
 * cannot be detected by a chain alone; anchoring the head outside the file would be needed for that.
 */
final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  static final String GENESIS = "0".repeat(64);
  /** Built on the first entry read, not at class load (readerFor builds the deserializer at once). */
  private static final class EntryReader {
    static final ObjectReader READER = Json.MAPPER.readerFor(AuditEntry.class);
  }

  private final Path file;
  private final Clock clock;
  // Tail of the chain; valid only while the file still has cachedLength bytes (another process may have appended).
  private long cachedLength = -1;
  private String lastHash = GENESIS;
  private long lastSeq;

  AuditLog(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  /**
   * Starts a batch chained to the current tail: its lines are computed (seq, hash) as they are added but written only
   * by {@link #append(Pending, boolean)}, so a transaction can put them in its journal entry first. Caller holds the
   * store's write lock until the batch is appended or dropped.
   */
  Pending begin() throws IOException {
    long size = Files.exists(file) ? Files.size(file) : 0;
    if (size != cachedLength) loadTail(size);
    return new Pending(lastHash, lastSeq);
  }

  /** Lines of one transaction, hashed in order after the tail they began from. */
  final class Pending {
    private final long baseSeq;
    private String hash;
    private long seq;
    private final List<byte[]> lines = new ArrayList<>();

    private Pending(String hash, long seq) {
      this.baseSeq = seq;
      this.hash = hash;
      this.seq = seq;
    }

    AuditEntry add(AuditRecord r) {
      StoreRules.Line l = StoreRules.nextLine(hash, seq, r, clock);
      lines.add(l.canonical());
      hash = l.entry().hash();
      seq = l.entry().seq();
      return l.entry();
    }

    /** The canonical lines, without their newlines. */
    List<byte[]> lines() {
      return lines;
    }
  }

  /** Writes a batch begun with {@link #begin()} under the same lock hold. */
  void append(Pending p, boolean sync) throws IOException {
    if (p.lines.isEmpty()) return;
    if (p.baseSeq != lastSeq) {
      // Another batch was appended in between (a transaction nested in this one): these lines would not chain.
      throw new IllegalStateException("audit batch begun at seq " + p.baseSeq + " but the trail is at " + lastSeq);
    }
    byte[] bytes = joinLines(p.lines);
    AtomicFiles.append(file, bytes, sync);
    cachedLength += bytes.length;
    lastHash = p.hash;
    lastSeq = p.seq;
  }

  /**
   * Re-applies a journaled batch after a crash, idempotently: lines whose seq the trail already has are skipped, the
   * rest are appended if they chain to the tail. Call {@link #cutTornTailOf} first. Returns how many lines it
   * appended.
   */
  int redo(List<byte[]> batch) throws IOException {
    if (batch.isEmpty()) return 0;
    long size = loadTail(Files.exists(file) ? Files.size(file) : 0);
    List<byte[]> missing = new ArrayList<>();
    String hash = lastHash;
    long seq = lastSeq;
    for (byte[] line : batch) {
      JsonNode n = Json.MAPPER.readTree(line);
      long s = n.get("seq").asLong();
      if (s <= seq) continue;
      if (s != seq + 1 || !hash.equals(n.get("prevHash").asString())) {
        LOG.error("{}: journaled audit line seq {} does not follow the trail's last line (seq {}); not appended, "
            + "run `deployment-pipeline doctor` to check the chain", file, s, seq);
        break;
      }
      missing.add(line);
      hash = n.get("hash").asString();
      seq = s;
    }
    if (missing.isEmpty()) return 0;
    byte[] bytes = joinLines(missing);
    AtomicFiles.append(file, bytes, false);
    cachedLength = size + bytes.length;
    lastHash = hash;
    lastSeq = seq;
    return missing.size();
  }

  void fsync() throws IOException {
    AtomicFiles.fsync(file);
  }

  /**
   * A tail torn in the middle of one of {@code journaled}'s lines is cut (the journal holds the line whole), so that
   * the redo leaves the trail exactly as if the append had finished. Any other torn tail is left to
   * {@link #loadTail}, which keeps it visible.
   */
  void cutTornTailOf(List<byte[]> journaled) throws IOException {
    if (!Files.exists(file)) return;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      long end = JsonLines.endOfLastLine(ch, size);
      if (end == size) return;
      ByteBuffer torn = ByteBuffer.allocate((int) (size - end));
      ch.read(torn, end);
      for (byte[] line : journaled) {
        if (line.length >= torn.limit()
            && java.util.Arrays.equals(line, 0, torn.limit(), torn.array(), 0, torn.limit())) {
          ch.truncate(end);
          cachedLength = -1;
          return;
        }
      }
    }
  }

  private static byte[] joinLines(List<byte[]> lines) {
    int n = 0;
    for (byte[] l : lines) n += l.length + 1;
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] l : lines) {
      System.arraycopy(l, 0, out, at, l.length);
      at += l.length;
      out[at++] = '\n';
    }
    return out;
  }

  /** Lines of one deployment (all when null), oldest first; torn or unparsable lines are skipped here. */
  List<AuditEntry> read(String deploymentId) {
    if (!Files.exists(file)) return List.of();
    byte[] needle = deploymentId == null ? null
        : ("\"deploymentId\":\"" + deploymentId + "\"").getBytes(StandardCharsets.UTF_8);
    List<AuditEntry> out = new ArrayList<>();
    try (FileChannel ch = JsonLines.openRead(file)) {
      JsonLines.read(ch, 0, ch.size(), (buf, off, len) -> {
        if (needle != null && indexOf(buf, off, len, needle) < 0) return; // skip parsing other deployments' lines
        try {
          AuditEntry e = EntryReader.READER.readValue(buf, off, len);
          if (deploymentId == null || deploymentId.equals(e.deploymentId())) out.add(e);
        } catch (RuntimeException e) {
          LOG.warn("{}: skipping an unreadable audit line ({}); run verifyAudit for details", file, e.getMessage());
        }
      });
    } catch (IOException e) {
      throw new StoreException("cannot read the audit trail " + file + ": " + e.getMessage(), e);
    }
    return out;
  }

  AuditVerification verify() {
    if (!Files.exists(file)) return new AuditVerification(0, true, java.util.Optional.empty());
    try (FileChannel ch = JsonLines.openRead(file)) {
      AuditChainCheck check = new AuditChainCheck();
      long size = ch.size();
      long end = JsonLines.read(ch, 0, size, (buf, off, len) -> check.line(buf, off, len));
      if (end < size) check.tornTail(size - end);
      return check.result();
    } catch (IOException e) {
      throw new StoreException("cannot read the audit trail " + file + ": " + e.getMessage(), e);
    }
  }

  static String hash(String prevHash, ObjectNode withoutHash) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(prevHash.getBytes(StandardCharsets.UTF_8));
      sha.update(Json.CANONICAL.writeValueAsBytes(withoutHash));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Finds the chain's last hash and seq; terminates a torn last line first. Returns the file's size after that. */
  private long loadTail(long size) throws IOException {
    lastHash = GENESIS;
    lastSeq = 0;
    if (size == 0) return cachedLength = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      if (JsonLines.endOfLastLine(ch, size) < size) {
        LOG.warn("{} ends with a torn line (crash during an append); terminating it so that it stays visible to "
            + "verification and new lines chain to the last intact one", file);
        ch.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
        ch.force(true);
        size++;
      }
      long lastStart = JsonLines.endOfLastLine(ch, size - 1);
      if (!takeTail(ch, lastStart, size)) {
        // The last line is damaged: walk the whole file once for the last intact line.
        JsonLines.read(ch, 0, size, (buf, off, len) -> takeTail(buf, off, len));
      }
    }
    return cachedLength = size;
  }

  private boolean takeTail(FileChannel ch, long from, long to) throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) (to - from));
    ch.read(b, from);
    return takeTail(b.array(), 0, b.limit() - 1);
  }

  private boolean takeTail(byte[] buf, int off, int len) {
    try {
      JsonNode n = Json.MAPPER.readTree(buf, off, len);
      if (n.hasNonNull("hash") && n.hasNonNull("seq")) {
        lastHash = n.get("hash").asString();
        lastSeq = n.get("seq").asLong();
        return true;
      }
    } catch (RuntimeException ignored) {
      // damaged line: the caller looks further back
    }
    return false;
  }

  private static int indexOf(byte[] buf, int off, int len, byte[] needle) {
    outer:
    for (int i = off; i <= off + len - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) if (buf[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }
}
