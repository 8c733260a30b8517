package dev.deploypipeline.store;

import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.State;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
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

  private final Path file;
  private final Map<String, Key> keys = new HashMap<>();
  private final TreeMap<Key, DeploymentSummary> newestFirst = new TreeMap<>();
  /** The active subset, kept on each line applied: status asks for it on every call, and history is 100k long. */
  private final TreeMap<Key, DeploymentSummary> activeNewestFirst = new TreeMap<>();
  private long offset;
  private long lines;
  private long maxNumber;
  private Object fileKey;

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

  SummaryIndex(Path file) {
    this.file = file;
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
    repairTornTail();
    AtomicFiles.appendDurably(file, line(s));
    compactIfBloated();
  }

  /** Bulk load for {@link StoreGenerator}: one fsync at the end. Caller holds the store's write lock. */
  void appendUnsynced(Iterable<DeploymentSummary> all) throws IOException {
    repairTornTail();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      var out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16);
      for (DeploymentSummary s : all) out.write(line(s));
      out.flush();
      ch.force(true);
    }
  }

  /**
   * Rewrites the file with one line per id once superseded lines outnumber live ones, so its size and a cold load
   * stay proportional to the number of deployments rather than to the number of saves. Caller holds the write lock.
   */
  synchronized void compactIfBloated() throws IOException {
    refresh();
    if (lines <= 2L * keys.size()) return;
    List<DeploymentSummary> oldestFirst = new ArrayList<>(newestFirst.descendingMap().values());
    long[] size = {0};
    AtomicFiles.writeAtomically(file, out -> {
      for (DeploymentSummary s : oldestFirst) {
        byte[] b = line(s);
        out.write(b);
        size[0] += b.length;
      }
    });
    LOG.debug("compacted {} from {} lines to {}", file, lines, oldestFirst.size());
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    fileKey = a.fileKey();
    offset = size[0];
    lines = oldestFirst.size();
  }

  synchronized long lineCount() {
    refresh();
    return lines;
  }

  private void refresh() {
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        if (refreshOnce()) return;
      } catch (IOException e) {
        throw new StoreException("cannot read the index " + file + ": " + e.getMessage(), e);
      }
    }
    throw new StoreException("the index " + file + " kept being replaced while reading it; try again");
  }

  /** Returns false when the file was replaced during the read, so the caller reloads. */
  private boolean refreshOnce() throws IOException {
    BasicFileAttributes before;
    try {
      before = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      clear(null);
      return true;
    }
    if (!Objects.equals(before.fileKey(), fileKey) || before.size() < offset) clear(before.fileKey());
    if (before.size() == offset) return true;
    try (FileChannel ch = JsonLines.openRead(file)) {
      long end = Math.min(before.size(), ch.size());
      long startLine = lines;
      long[] n = {0};
      long consumed = JsonLines.read(ch, offset, end, (buf, off, len) -> {
        n[0]++;
        apply(buf, off, len, startLine + n[0]);
      });
      BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class);
      if (!Objects.equals(after.fileKey(), before.fileKey())) {
        clear(null);
        return false;
      }
      offset = consumed;
      lines += n[0];
      return true;
    }
  }

  private void apply(byte[] buf, int off, int len, long lineNo) {
    if (len == 0) return;
    DeploymentSummary s;
    try {
      s = READER.readValue(buf, off, len);
    } catch (RuntimeException e) {
      LOG.warn("{} line {} is not a valid summary, skipped: {}", file, lineNo, e.getMessage());
      return;
    }
    if (s == null || s.id() == null) return;
    Key k = Key.of(s);
    maxNumber = Math.max(maxNumber, k.number());
    Key old = keys.put(s.id(), k);
    if (old != null) {
      newestFirst.remove(old);
      activeNewestFirst.remove(old);
    }
    newestFirst.put(k, s);
    if (s.isActive()) activeNewestFirst.put(k, s);
  }

  private void clear(Object newFileKey) {
    keys.clear();
    newestFirst.clear();
    activeNewestFirst.clear();
    offset = 0;
    lines = 0;
    maxNumber = 0;
    fileKey = newFileKey;
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

  private static byte[] line(DeploymentSummary s) {
    byte[] json = Json.MAPPER.writeValueAsBytes(s);
    byte[] out = java.util.Arrays.copyOf(json, json.length + 1);
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
