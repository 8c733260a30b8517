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
import tools.jackson.databind.ObjectReader;

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
  private static final ObjectReader READER = Json.MAPPER.readerFor(DeploymentSummary.class);
  private static final byte[] HEADER_PREFIX = "{\"index\":".getBytes(StandardCharsets.UTF_8);
  /** Index lines past the slots' mark after which a writer moves the mark (a reader parses those lines itself). */
  static final int SLOT_CHECKPOINT_LINES = 1024;
  private static final int CHUNK = 4096;

  private final Path file;
  private final Path slotsFile;
  private final int compactionFloor;

  // What this object has read: the index version, the slots header for it (null: none usable), and the index's
  // lines from the slots' mark up to offset, which shadow the slots.
  private byte[] identity;
  private Header base;
  private long offset;
  private long tailLines;
  private long tailNew;
  private long maxNumber;
  private final TreeMap<Long, Slot> tail = new TreeMap<>();
  private java.util.Map<Long, DeploymentSummary> activeInBase;

  /** Visits slots newest first; returns false to stop. */
  @FunctionalInterface
  private interface SlotVisitor {
    boolean visit(long number, Slot s) throws IOException;
  }

  /** The two files as one reader sees them during one query. */
  private record Files2(FileChannel index, FileChannel slots) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try (index) {
        if (slots != null) slots.close();
      }
    }
  }

  SummaryIndex(Path file, int compactionFloor) {
    this.file = file;
    this.slotsFile = file.resolveSibling("index.slots");
    this.compactionFloor = compactionFloor;
  }

  synchronized List<DeploymentSummary> history(String service, String environment, State state, Instant since,
      int limit) {
    return read(List.of(), f -> {
      List<DeploymentSummary> out = new ArrayList<>(Math.min(limit, 1024));
      int serviceHash = IndexLine.hash(service);
      int stateHash = state == null ? 0 : IndexLine.hash(state.id());
      long sinceMs = since == null ? Long.MIN_VALUE : since.toEpochMilli();
      newestFirst(f, (n, s) -> {
        if (s.createdMs() < sinceMs) return false; // creation order: the rest is older
        if (service != null && s.serviceHash() != serviceHash) return true;
        if (state != null && s.stateHash() != stateHash) return true;
        DeploymentSummary d = summary(f, n, s);
        if (d == null || service != null && !service.equals(d.service())) return true;
        if (state != null && state != d.state()) return true;
        if (since != null && d.createdAt() != null && d.createdAt().isBefore(since)) return false;
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
      if (activeInBase == null) activeInBase = activeInSlots(f);
      TreeMap<Long, DeploymentSummary> out = new TreeMap<>(java.util.Comparator.reverseOrder());
      activeInBase.forEach((n, d) -> {
        if (!tail.containsKey(n)) out.put(n, d);
      });
      for (var e : tail.entrySet()) {
        DeploymentSummary d = IndexLine.active(e.getValue()) ? summary(f, e.getKey(), e.getValue()) : null;
        if (d != null && d.isActive()) out.put(e.getKey(), d);
      }
      return List.copyOf(out.values());
    });
  }

  synchronized long maxIdNumber() {
    return read(0L, f -> maxNumber);
  }

  /** The indexed summary of {@code id}, if any (a journal redo skips lines the index already has). */
  synchronized Optional<DeploymentSummary> get(String id) {
    long n = idNumber(id);
    if (n < 0) return Optional.empty();
    return read(Optional.empty(), f -> {
      Slot s = slot(f, n);
      return Optional.ofNullable(s == null || !s.present() ? null : summary(f, n, s));
    });
  }

  synchronized long lineCount() {
    return read(0L, f -> lines());
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
   * the next save: one read of the whole index. Caller holds the write lock.
   */
  synchronized void ensureSlots() throws IOException {
    if (!Files.exists(file)) return;
    read(null, f -> null);
    if (base == null || tailLines >= SLOT_CHECKPOINT_LINES) checkpointSlots();
  }

  /**
   * After an append: compacts when superseded lines outnumber live ones (so the file stays proportional to the
   * number of deployments rather than of saves; below {@code compactionFloor} lines it is not worth the rewrite),
   * else moves the slots' mark when the lines past it grow many. Caller holds the write lock.
   */
  private synchronized void maintain() throws IOException {
    read(null, f -> null);
    long lines = lines();
    if (lines > 2L * live() && lines >= compactionFloor) compact();
    else if (base == null || tailLines >= SLOT_CHECKPOINT_LINES) checkpointSlots();
  }

  /**
   * Forces the index, writes the slots of the lines past the mark (a whole new slots file when there were none
   * usable), and moves the mark. Caller holds the write lock.
   */
  synchronized void checkpointSlots() throws IOException {
    read(null, f -> null);
    if (identity == null) return; // no index yet
    AtomicFiles.fsync(file);
    Header h = new Header(identity, offset, lines(), live(), maxNumber);
    if (base == null) {
      IndexSlots.Builder b = new IndexSlots.Builder();
      tail.forEach(b::put);
      b.write(slotsFile, h);
    } else {
      IndexSlots.patch(slotsFile, h, tail);
    }
    reset(identity, h);
  }

  /** One line per id, oldest first, copied byte for byte with new slots; then both files are replaced. */
  private void compact() throws IOException {
    byte[] header = header();
    IndexSlots.Builder slots = new IndexSlots.Builder();
    long[] size = {header.length};
    long[] live = {0};
    try (Files2 f = open()) {
      AtomicFiles.writeAtomically(file, out -> {
        out.write(header);
        oldestFirst(f, (n, s) -> {
          ByteBuffer b = ByteBuffer.allocate(s.length() + 1);
          IndexSlots.readFully(f.index(), b, s.offset());
          if (b.position() != b.capacity() || b.get(s.length()) != '\n') return true;
          out.write(b.array());
          slots.put(n, new Slot(size[0], s.length(), s.createdMs(), s.serviceHash(), s.stateHash()));
          size[0] += b.capacity();
          live[0]++;
          return true;
        });
      });
    }
    LOG.debug("compacted {} from {} lines to {}", file, lines(), live[0]);
    byte[] id = Arrays.copyOf(header, header.length - 1);
    Header h = new Header(id, size[0], live[0] + 1, live[0], maxNumber);
    slots.write(slotsFile, h);
    reset(id, h);
  }

  private long lines() {
    return (base == null ? 0 : base.lines()) + tailLines;
  }

  private long live() {
    return (base == null ? 0 : base.live()) + tailNew;
  }

  @FunctionalInterface
  private interface Query<T> {
    T run(Files2 f) throws IOException;
  }

  /** Brings this object up to date with the files, then runs {@code q} on them; {@code none} if there is no index. */
  private <T> T read(T none, Query<T> q) {
    try (Files2 f = open()) {
      if (f == null) {
        reset(null, null);
        return none;
      }
      refresh(f);
      return q.run(f);
    } catch (IOException e) {
      throw new StoreException("cannot read the index " + file + ": " + e.getMessage(), e);
    }
  }

  private Files2 open() throws IOException {
    FileChannel index = IndexSlots.openRead(file);
    return index == null ? null : new Files2(index, IndexSlots.openRead(slotsFile));
  }

  /**
   * Reads what was appended since the last look. The slots count only if they describe this version of the index
   * (its first line, unique per version thanks to the header) up to a line end within it; otherwise every line is
   * read from the index, as for a store written before slots existed.
   */
  private void refresh(Files2 f) throws IOException {
    long size = f.index().size();
    byte[] first = firstLine(f.index(), size);
    Header h = f.slots() == null ? null : IndexSlots.readHeader(f.slots());
    if (h != null && !(Arrays.equals(h.identity(), first) && h.covered() <= size && endsLine(f.index(), h.covered()))) {
      h = null;
    }
    boolean sameBase = base == null ? h == null
        : h != null && base.covered() == h.covered() && Arrays.equals(base.identity(), h.identity());
    if (!Arrays.equals(first, identity) || size < offset || !sameBase) reset(first, h);
    if (size == offset) return;
    long[] pos = {offset};
    offset = JsonLines.read(f.index(), offset, size, (buf, off, len) -> {
      long at = pos[0];
      pos[0] += len + 1;
      tailLines++;
      if (len == 0 || startsWith(buf, off, len, HEADER_PREFIX)) return;
      IndexLine.Scanned sc = IndexLine.scan(buf, off, len, at);
      if (sc == null) {
        LOG.warn("{} line {} is not a valid summary, skipped", file, lines());
        return;
      }
      maxNumber = Math.max(maxNumber, sc.number());
      if (tail.put(sc.number(), sc.slot()) == null && !inBase(f, sc.number())) tailNew++;
    });
  }

  private boolean inBase(Files2 f, long n) {
    if (base == null || n > base.maxNumber()) return false;
    try {
      Slot s = IndexSlots.read(f.slots(), n, n)[0];
      return s != null && s.present();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void reset(byte[] newIdentity, Header h) {
    identity = newIdentity;
    base = h;
    offset = h == null ? 0 : h.covered();
    tail.clear();
    tailLines = 0;
    tailNew = 0;
    maxNumber = h == null ? 0 : h.maxNumber();
    activeInBase = null;
  }

  private Slot slot(Files2 f, long n) throws IOException {
    Slot s = tail.get(n);
    if (s == null && base != null && n <= base.maxNumber()) s = IndexSlots.read(f.slots(), n, n)[0];
    return s;
  }

  private void newestFirst(Files2 f, SlotVisitor v) throws IOException {
    long baseMax = base == null ? 0 : base.maxNumber();
    Slot[] chunk = null;
    long from = 0;
    for (long n = maxNumber; n >= 1; n--) {
      Slot s = tail.get(n);
      if (s == null && n <= baseMax) {
        if (chunk == null || n < from) {
          from = Math.max(1, n - CHUNK + 1);
          chunk = IndexSlots.read(f.slots(), from, n);
        }
        s = chunk[(int) (n - from)];
      }
      if (s != null && s.present() && !v.visit(n, s)) return;
    }
  }

  private void oldestFirst(Files2 f, SlotVisitor v) throws IOException {
    long baseMax = base == null ? 0 : base.maxNumber();
    Slot[] chunk = null;
    long from = 0;
    for (long n = 1; n <= maxNumber; n++) {
      Slot s = tail.get(n);
      if (s == null && n <= baseMax) {
        if (chunk == null || n >= from + chunk.length) {
          from = n;
          chunk = IndexSlots.read(f.slots(), n, Math.min(baseMax, n + CHUNK - 1));
        }
        s = chunk[(int) (n - from)];
      }
      if (s != null && s.present() && !v.visit(n, s)) return;
    }
  }

  private java.util.Map<Long, DeploymentSummary> activeInSlots(Files2 f) throws IOException {
    java.util.Map<Long, DeploymentSummary> out = new java.util.HashMap<>();
    if (base == null) return out;
    for (long from = 1; from <= base.maxNumber(); from += CHUNK) {
      Slot[] chunk = IndexSlots.read(f.slots(), from, Math.min(base.maxNumber(), from + CHUNK - 1));
      for (int i = 0; i < chunk.length; i++) {
        if (chunk[i] == null || !chunk[i].present() || !IndexLine.active(chunk[i])) continue;
        DeploymentSummary d = summary(f, from + i, chunk[i]);
        if (d != null && d.isActive()) out.put(from + i, d);
      }
    }
    return out;
  }

  /**
   * The summary a slot points at. A slot read while a writer patched it can be torn; a line that is not the
   * deployment's is read once more through a fresh slot, then skipped with a warning.
   */
  private DeploymentSummary summary(Files2 f, long n, Slot s) throws IOException {
    for (int attempt = 0; attempt < 2; attempt++) {
      DeploymentSummary d = parse(f.index(), s);
      if (d != null && ("d-" + n).equals(d.id()) && d.state() != null) return d;
      if (tail.containsKey(n) || base == null) break;
      s = IndexSlots.read(f.slots(), n, n)[0];
      if (s == null || !s.present()) return null;
    }
    LOG.warn("{}: the slot of d-{} does not point at its line; run `deployment-pipeline doctor --repair`", slotsFile, n);
    return null;
  }

  private static DeploymentSummary parse(FileChannel ch, Slot s) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(s.length());
    IndexSlots.readFully(ch, b, s.offset());
    if (b.hasRemaining()) return null;
    try {
      return READER.readValue(b.array());
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static boolean endsLine(FileChannel ch, long at) throws IOException {
    if (at == 0) return true;
    ByteBuffer b = ByteBuffer.allocate(1);
    ch.read(b, at - 1);
    return b.get(0) == '\n';
  }

  /** The file's first line, at most {@value IndexSlots#IDENTITY_BYTES} bytes: unique per file version. */
  private static byte[] firstLine(FileChannel ch, long size) throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) Math.min(IndexSlots.IDENTITY_BYTES, size));
    IndexSlots.readFully(ch, b, 0);
    byte[] bytes = Arrays.copyOf(b.array(), b.position());
    for (int i = 0; i < bytes.length; i++) if (bytes[i] == '\n') return Arrays.copyOf(bytes, i);
    return bytes;
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
