package dev.deploypipeline.store;

import dev.deploypipeline.store.IndexSlots.Header;
import dev.deploypipeline.store.IndexSlots.Slot;
import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.State;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code index.jsonl}: one {@link DeploymentSummary} line per save, the last line of an id wins; plus
 * {@code index.slots} ({@link IndexSlots}), which points at each id's last line. History walks the slots newest
 * first (by id number, i.e. creation order: ids are handed out under the store lock) and parses only the lines it
 * returns, so the first query costs the same at 1,000 deployments as at a million. Lines appended after the slots'
 * mark (by any process) are read from the index itself and shadow the slots. Reads synchronize on this object only,
 * never on the store lock, so a long write never blocks them. Ids that are not {@code d-<number>} are not ours and
 * are skipped.
 */
final class SummaryIndex {
  private static final Logger LOG = LoggerFactory.getLogger(SummaryIndex.class);
  /** Index lines past the slots' mark after which a writer moves the mark (a reader parses those lines itself). */
  static final int SLOT_CHECKPOINT_LINES = 1024;
  static final int CHUNK = 4096;

  private final Path file;
  private final Path slotsFile;
  private final int compactionFloor;
  private final IndexView v;
  // Active deployments the slots hold, parsed once per view generation (status asks for them on every call).
  private java.util.Map<Long, DeploymentSummary> activeInBase;
  private long activeGeneration = -1;

  SummaryIndex(Path file, int compactionFloor) {
    this.file = file;
    this.slotsFile = file.resolveSibling("index.slots");
    this.compactionFloor = compactionFloor;
    this.v = new IndexView(file, slotsFile);
  }

  synchronized List<DeploymentSummary> history(String service, String environment, State state, Instant since,
      int limit) {
    return read(List.of(), f -> {
      List<DeploymentSummary> out = new ArrayList<>(Math.min(limit, 1024));
      int serviceHash = IndexLine.hash(service);
      int stateHash = state == null ? 0 : IndexLine.hash(state.id());
      long sinceMs = since == null ? Long.MIN_VALUE : since.toEpochMilli();
      v.newestFirst(f, sinceMs, (n, s) -> {
        // Numbers follow creation only while the clock never steps back, so an older one does not end the walk.
        if (s.createdMs() < sinceMs) return true;
        if (service != null && s.serviceHash() != serviceHash) return true;
        if (state != null && s.stateHash() != stateHash) return true;
        DeploymentSummary d = v.summary(f, n, s);
        if (d == null || service != null && !service.equals(d.service())) return true;
        if (state != null && state != d.state()) return true;
        if (since != null && d.createdAt() != null && d.createdAt().isBefore(since)) return true;
        if (environment != null && (d.environments() == null || !d.environments().contains(environment))) return true;
        out.add(d);
        return out.size() < limit;
      });
      return out;
    });
  }

  /** Non-terminal deployments, newest first. Those the slots hold are parsed once per mark, not per call. */
  synchronized List<DeploymentSummary> active() {
    return read(List.of(), f -> {
      return List.copyOf(activeNow(f).values());
    });
  }

  /** Active deployments by number, newest first: those of the slots (cached per mark) under the lines past it. */
  private TreeMap<Long, DeploymentSummary> activeNow(IndexView.Files2 f) throws IOException {
    if (activeInBase == null || activeGeneration != v.generation) {
      activeInBase = activeInSlots(f);
      activeGeneration = v.generation;
    }
    TreeMap<Long, DeploymentSummary> out = new TreeMap<>(java.util.Comparator.reverseOrder());
    activeInBase.forEach((n, d) -> {
      if (!v.tail.containsKey(n)) out.put(n, d);
    });
    for (var e : v.tail.entrySet()) {
      DeploymentSummary d = IndexLine.active(e.getValue()) ? v.summary(f, e.getKey(), e.getValue()) : null;
      if (d != null && d.isActive()) out.put(e.getKey(), d);
    }
    return out;
  }

  synchronized long maxIdNumber() {
    return read(0L, f -> v.maxNumber);
  }

  /** The indexed summary of {@code id}, if any (a journal redo skips lines the index already has). */
  synchronized Optional<DeploymentSummary> get(String id) {
    long n = idNumber(id);
    if (n < 0) return Optional.empty();
    return read(Optional.empty(), f -> {
      Slot s = v.slot(f, n);
      return Optional.ofNullable(s == null || !s.present() ? null : v.summary(f, n, s));
    });
  }

  synchronized long lineCount() {
    return read(0L, f -> v.lines());
  }

  Path file() {
    return file;
  }

  /** Caller holds the store's write lock. */
  void append(DeploymentSummary s) throws IOException {
    append(s, true);
  }

  /** Without {@code sync} for a journaled write (the journal is forced instead). Caller holds the write lock. */
  void append(DeploymentSummary s, boolean sync) throws IOException {
    repairTornTail();
    AtomicFiles.append(file, Files.exists(file) && Files.size(file) > 0 ? line(s) : concat(header(), line(s)), sync);
    maintain();
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
    checkpointSlots();
  }

  /** Replaces the index with exactly {@code summaries}. Caller holds the store's write lock. */
  synchronized void replaceWith(List<DeploymentSummary> summaries) throws IOException {
    byte[] header = header();
    AtomicFiles.writeAtomically(file, out -> {
      out.write(header);
      for (DeploymentSummary s : summaries) out.write(line(s));
    });
    checkpointSlots();
  }

  /**
   * Gives an index without slots (written by an older version, or replaced by one) its slots now, rather than on
   * the next save: one read of the whole index. A small index (under {@link #SLOT_CHECKPOINT_LINES} lines) needs
   * none: reading it whole is as cheap, and a new store's first deployment pays no extra fsync. Caller holds the
   * write lock.
   */
  synchronized void ensureSlots() throws IOException {
    if (!Files.exists(file)) return;
    read(null, f -> null);
    if (v.tailLines >= SLOT_CHECKPOINT_LINES) checkpointSlots();
  }

  /**
   * After an append: compacts when superseded lines outnumber live ones (so the file stays proportional to the
   * number of deployments rather than of saves; below {@code compactionFloor} lines it is not worth the rewrite),
   * else moves the slots' mark (writing the slots first if there are none) when the lines past it grow many. Caller
   * holds the write lock.
   */
  private synchronized void maintain() throws IOException {
    read(null, f -> null);
    long lines = v.lines();
    if (lines > 2L * v.live() && lines >= compactionFloor) compact();
    else if (v.tailLines >= SLOT_CHECKPOINT_LINES) checkpointSlots();
  }

  /**
   * Forces the index, writes the slots of the lines past the mark (a whole new slots file when there were none
   * usable), and moves the mark. Caller holds the write lock.
   */
  synchronized void checkpointSlots() throws IOException {
    read(null, f -> null);
    if (v.identity == null) return; // no index yet
    AtomicFiles.fsync(file);
    long lowestActive = v.maxNumber + 1;
    try (IndexView.Files2 f = v.open()) {
      for (long n : activeNow(f).keySet()) lowestActive = Math.min(lowestActive, n);
    }
    Header h = new Header(v.identity, v.offset, v.lines(), v.live(), v.maxNumber, lowestActive);
    if (v.base == null) {
      IndexSlots.Builder b = new IndexSlots.Builder();
      v.tail.forEach(b::put);
      b.write(slotsFile, h);
    } else {
      IndexSlots.patch(slotsFile, h, v.tail);
    }
    v.reset(v.identity, h);
  }

  /** One line per id, oldest first, copied byte for byte with new slots; then both files are replaced. */
  private void compact() throws IOException {
    byte[] header = header();
    IndexSlots.Builder slots = new IndexSlots.Builder();
    long[] size = {header.length};
    long[] live = {0};
    long[] lowest = {v.maxNumber + 1};
    try (IndexView.Files2 f = v.open()) {
      AtomicFiles.writeAtomically(file, out -> {
        out.write(header);
        v.oldestFirst(f, (n, s) -> {
          ByteBuffer b = ByteBuffer.allocate(s.length() + 1);
          IndexSlots.readFully(f.index(), b, s.offset());
          if (b.position() != b.capacity() || b.get(s.length()) != '\n') return true;
          out.write(b.array());
          slots.put(n, new Slot(size[0], s.length(), s.createdMs(), s.serviceHash(), s.stateHash()));
          if (IndexLine.active(s)) lowest[0] = Math.min(lowest[0], n);
          size[0] += b.capacity();
          live[0]++;
          return true;
        });
      });
    }
    LOG.debug("compacted {} from {} lines to {}", file, v.lines(), live[0]);
    byte[] id = Arrays.copyOf(header, header.length - 1);
    Header h = new Header(id, size[0], live[0] + 1, live[0], v.maxNumber, lowest[0]);
    slots.write(slotsFile, h);
    v.reset(id, h);
  }

  @FunctionalInterface
  private interface Query<T> {
    T run(IndexView.Files2 f) throws IOException;
  }

  /** Brings this object up to date with the files, then runs {@code q} on them; {@code none} if there is no index. */
  private <T> T read(T none, Query<T> q) {
    try (IndexView.Files2 f = v.open()) {
      if (f == null) {
        v.reset(null, null);
        return none;
      }
      v.refresh(f);
      return q.run(f);
    } catch (IOException e) {
      throw new StoreException("cannot read the index " + file + ": " + e.getMessage(), e);
    }
  }

  private java.util.Map<Long, DeploymentSummary> activeInSlots(IndexView.Files2 f) throws IOException {
    java.util.Map<Long, DeploymentSummary> out = new java.util.HashMap<>();
    if (v.base == null) return out;
    for (long from = Math.max(1, v.base.lowestActive()); from <= v.base.maxNumber(); from += CHUNK) {
      Slot[] chunk = IndexSlots.read(f.slots(), from, Math.min(v.base.maxNumber(), from + CHUNK - 1));
      for (int i = 0; i < chunk.length; i++) {
        if (chunk[i] == null || !chunk[i].present() || !IndexLine.active(chunk[i])) continue;
        DeploymentSummary d = v.summary(f, from + i, chunk[i]);
        if (d != null && d.isActive()) out.put(from + i, d);
      }
    }
    return out;
  }

  /** A header naming this version of the file; readers skip it as a summary without an id. */
  private static byte[] header() {
    return ("{\"index\":\"" + UUID.randomUUID() + "\"}\n").getBytes(StandardCharsets.UTF_8);
  }

  /** A crash mid-append leaves a line without its newline; cut it so the next line does not glue onto it. */
  private void repairTornTail() throws IOException {
    if (!Files.exists(file)) return;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      long end = JsonLines.endOfLastLine(ch, size);
      if (end < size) {
        LOG.warn("{} ends with {} bytes of an interrupted write; cutting them", file, size - end);
        ch.truncate(end);
        ch.force(true);
      }
    }
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

  /** {@code d-42} → 42; anything else → -1 (not one of ours). */
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
