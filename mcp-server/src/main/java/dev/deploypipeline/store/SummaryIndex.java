package dev.deploypipeline.store;

import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.State;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectReader;

/**
 * {@code index.jsonl}: one {@link DeploymentSummary} line per save, the last line of an id wins. History and status
 * answer from an in-memory copy kept sorted newest first, which re-reads only the bytes appended since the last look
 * (by any process) and reloads when the file was replaced by a compaction. Reads synchronize on this object only,
 * never on the store lock, so a long write never blocks them.
 */
final class SummaryIndex {
  private static final Logger LOG = LoggerFactory.getLogger(SummaryIndex.class);
  private static final ObjectReader READER = Json.MAPPER.readerFor(DeploymentSummary.class);
  private static final byte[] HEADER_PREFIX = "{\"index\":".getBytes(StandardCharsets.UTF_8);

  private final Path file;
  private final int compactionFloor;
  private final Map<String, Key> keys = new HashMap<>();
  private final TreeMap<Key, DeploymentSummary> newestFirst = new TreeMap<>();
  // Status asks for the few running deployments among possibly 100k; keep them apart instead of scanning.
  private final TreeMap<Key, DeploymentSummary> activeNewestFirst = new TreeMap<>();
  private long offset;
  private long lines;
  private long maxNumber;
  private byte[] identity;
  private static final int IDENTITY_BYTES = 64;

  /** Newest first: later creation, then the higher id number, then the id text. */
  private record Key(Instant createdAt, long number, String id) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = o.createdAt.compareTo(createdAt);
      if (c == 0) c = Long.compare(o.number, number);
      return c != 0 ? c : o.id.compareTo(id);
    }

    static Key of(DeploymentSummary s) {
      return new Key(s.createdAt() == null ? Instant.EPOCH : s.createdAt(), idNumber(s.id()), s.id());
    }
  }

  SummaryIndex(Path file, int compactionFloor) {
    this.file = file;
    this.compactionFloor = compactionFloor;
  }

  synchronized List<DeploymentSummary> history(String service, String environment, State state, Instant since,
      int limit) {
    refresh();
    List<DeploymentSummary> out = new ArrayList<>(Math.min(limit, 1024));
    for (DeploymentSummary s : newestFirst.values()) {
      if (since != null && s.createdAt() != null && s.createdAt().isBefore(since)) break; // sorted: the rest is older
      if (service != null && !service.equals(s.service())) continue;
      if (state != null && state != s.state()) continue;
      if (environment != null && (s.environments() == null || !s.environments().contains(environment))) continue;
      out.add(s);
      if (out.size() >= limit) break;
    }
    return out;
  }

  synchronized List<DeploymentSummary> active() {
    refresh();
    return List.copyOf(activeNewestFirst.values());
  }

  synchronized long maxIdNumber() {
    refresh();
    return maxNumber;
  }

  /** Caller holds the store's write lock. */
  void append(DeploymentSummary s) throws IOException {
    append(s, true);
  }

  /** Without {@code sync} for a journaled write (the journal is forced instead). Caller holds the write lock. */
  void append(DeploymentSummary s, boolean sync) throws IOException {
    repairTornTail();
    AtomicFiles.append(file, Files.exists(file) && Files.size(file) > 0 ? line(s) : concat(header(), line(s)), sync);
    compactIfBloated();
  }

  /** The indexed summary of {@code id}, if any (a journal redo skips lines the index already has). */
  synchronized java.util.Optional<DeploymentSummary> get(String id) {
    refresh();
    Key k = keys.get(id);
    return java.util.Optional.ofNullable(k == null ? null : newestFirst.get(k));
  }

  Path file() {
    return file;
  }

  /** Bulk load for {@link StoreGenerator}: one fsync at the end. Caller holds the store's write lock. */
  void appendUnsynced(Iterable<DeploymentSummary> all) throws IOException {
    repairTornTail();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      var out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16);
      if (ch.size() == 0) out.write(header());
      for (DeploymentSummary s : all) out.write(line(s));
      out.flush();
      ch.force(true);
    }
  }

  /**
   * Rewrites the file with one line per id once superseded lines outnumber live ones, so its size and a cold load
   * stay proportional to the number of deployments rather than to the number of saves. Below
   * {@code compactionFloor} lines it is not worth the rewrite: a small store with one busy deployment would compact
   * on every other save. Caller holds the write lock.
   */
  void compactIfBloated() throws IOException {
    List<DeploymentSummary> oldestFirst;
    synchronized (this) {
      refresh();
      if (lines <= 2L * keys.size() || lines < compactionFloor) return;
      oldestFirst = new ArrayList<>(newestFirst.descendingMap().values());
    }
    // Written outside the monitor so that readers are not held up; nobody else writes while we hold the store lock,
    // so the snapshot stays equal to the cache, whether or not a reader reloads the new file in the meantime.
    byte[] header = header();
    long[] size = {header.length};
    AtomicFiles.writeAtomically(file, out -> {
      out.write(header);
      for (DeploymentSummary s : oldestFirst) {
        byte[] b = line(s);
        out.write(b);
        size[0] += b.length;
      }
    });
    synchronized (this) {
      LOG.debug("compacted {} from {} lines to {}", file, lines, oldestFirst.size());
      identity = Arrays.copyOf(header, header.length - 1);
      offset = size[0];
      lines = oldestFirst.size() + 1L;
    }
  }

  /** Replaces the index with exactly {@code summaries}. Caller holds the store's write lock. */
  synchronized void replaceWith(List<DeploymentSummary> summaries) throws IOException {
    byte[] header = header();
    AtomicFiles.writeAtomically(file, out -> {
      out.write(header);
      for (DeploymentSummary s : summaries) out.write(line(s));
    });
    clear(null);
    refresh();
  }

  synchronized long lineCount() {
    refresh();
    return lines;
  }

  private void refresh() {
    try {
      refreshOnce();
    } catch (IOException e) {
      throw new StoreException("cannot read the index " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads what was appended since the last look. All reads go through one channel, i.e. one version of the file, so
   * a concurrent compaction cannot mix two versions; the next look then sees the new file by its different first
   * line. (Inode numbers cannot tell versions apart: the file system reuses a freed one at once.)
   */
  private void refreshOnce() throws IOException {
    FileChannel ch;
    try {
      ch = JsonLines.openRead(file);
    } catch (NoSuchFileException e) {
      clear(null);
      return;
    }
    try (ch) {
      long size = ch.size();
      byte[] first = firstLine(ch, size);
      if (!Arrays.equals(first, identity) || size < offset) clear(first);
      if (size == offset) return;
      long startLine = lines;
      long[] n = {0};
      offset = JsonLines.read(ch, offset, size, (buf, off, len) -> {
        n[0]++;
        apply(buf, off, len, startLine + n[0]);
      });
      lines += n[0];
    }
  }

  /** The file's first line, at most {@value #IDENTITY_BYTES} bytes: unique per file version thanks to the header. */
  private static byte[] firstLine(FileChannel ch, long size) throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) Math.min(IDENTITY_BYTES, size));
    while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
      // read until full: the prefix is tiny
    }
    byte[] bytes = Arrays.copyOf(b.array(), b.position());
    for (int i = 0; i < bytes.length; i++) if (bytes[i] == '\n') return Arrays.copyOf(bytes, i);
    return bytes;
  }

  /** A header naming this version of the file; readers skip it as a summary without an id. */
  private static byte[] header() {
    return ("{\"index\":\"" + UUID.randomUUID() + "\"}\n").getBytes(StandardCharsets.UTF_8);
  }

  private void apply(byte[] buf, int off, int len, long lineNo) {
    if (len == 0 || startsWith(buf, off, len, HEADER_PREFIX)) return;
    DeploymentSummary s;
    try {
      s = READER.readValue(buf, off, len);
    } catch (RuntimeException e) {
      LOG.warn("{} line {} is not a valid summary, skipped: {}", file, lineNo, e.getMessage());
      return;
    }
    if (s == null || s.id() == null || s.state() == null) return;
    Key k = Key.of(s);
    maxNumber = Math.max(maxNumber, k.number());
    Key old = keys.put(s.id(), k);
    if (old != null && !old.equals(k)) {
      newestFirst.remove(old);
      activeNewestFirst.remove(old);
    }
    newestFirst.put(k, s);
    if (s.isActive()) activeNewestFirst.put(k, s);
    else activeNewestFirst.remove(k);
  }

  private void clear(byte[] newIdentity) {
    keys.clear();
    newestFirst.clear();
    activeNewestFirst.clear();
    offset = 0;
    lines = 0;
    maxNumber = 0;
    identity = newIdentity;
  }

  /** A crash mid-append leaves a line without its newline; cut it so the next line does not glue onto it. */
  private void repairTornTail() throws IOException {
    if (!Files.exists(file)) return;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      long end = JsonLines.endOfLastLine(ch, size);
      if (end < size) {
        LOG.warn("{} ends with {} bytes of an interrupted write; cutting them",
            file, size - end);
        ch.truncate(end);
        ch.force(true);
      }
    }
  }

  private static boolean startsWith(byte[] buf, int off, int len, byte[] prefix) {
    if (len < prefix.length) return false;
    for (int i = 0; i < prefix.length; i++) if (buf[off + i] != prefix[i]) return false;
    return true;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] line(DeploymentSummary s) {
    byte[] json = Json.MAPPER.writeValueAsBytes(s);
    byte[] out = Arrays.copyOf(json, json.length + 1);
    out[json.length] = '\n';
    return out;
  }

  /** {@code d-42} → 42; anything else sorts below every numbered id. */
  static long idNumber(String id) {
    if (id != null && id.startsWith("d-")) {
      try {
        return Long.parseLong(id.substring(2));
      } catch (NumberFormatException ignored) {
        // not one of ours
      }
    }
    return -1;
  }
}
