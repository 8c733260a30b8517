package dev.deploypipeline.store;

import dev.deploypipeline.store.IndexSlots.Header;
import dev.deploypipeline.store.IndexSlots.Slot;
import dev.deploypipeline.workflow.DeploymentSummary;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one {@link SummaryIndex} has read of {@code index.jsonl} and {@code index.slots}: which version of the index,
 * the slots' header for it, and the index's own lines past the slots' mark, which shadow the slots. Not thread-safe:
 * the index synchronizes.
 */
final class IndexView {
  private static final Logger LOG = LoggerFactory.getLogger(IndexView.class);
  private static final byte[] HEADER_PREFIX = "{\"index\":".getBytes(StandardCharsets.UTF_8);
  private static final int CHUNK = SummaryIndex.CHUNK;

  private final Path file;
  private final Path slotsFile;
  // What this object has read: the index version, the slots header for it (null: none usable), and the index's
  // lines from the slots' mark up to offset, which shadow the slots.
  byte[] identity;
  Header base;
  long offset;
  long tailLines;
  long tailNew;
  long maxNumber;
  final TreeMap<Long, Slot> tail = new TreeMap<>();
  /** Per full chunk of the slots (number-1 / CHUNK): the creation time of its newest deployment. */
  private final java.util.Map<Long, Long> newestCreatedByChunk = new java.util.HashMap<>();

  /** Bumped whenever what was read is dropped (another index version, a moved mark): caches keyed on it expire. */
  long generation;

  /** Visits slots; returns false to stop. */
  @FunctionalInterface
  interface SlotVisitor {
    boolean visit(long number, Slot s) throws IOException;
  }

  /** The two files as one reader sees them during one query. */
  record Files2(FileChannel index, FileChannel slots) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try (index) {
        if (slots != null) slots.close();
      }
    }
  }

  IndexView(Path file, Path slotsFile) {
    this.file = file;
    this.slotsFile = slotsFile;
  }

  long lines() {
    return (base == null ? 0 : base.lines()) + tailLines;
  }

  long live() {
    return (base == null ? 0 : base.live()) + tailNew;
  }

  Files2 open() throws IOException {
    FileChannel index = IndexSlots.openRead(file);
    return index == null ? null : new Files2(index, IndexSlots.openRead(slotsFile));
  }

  /**
   * Reads what was appended since the last look. The slots count only if they describe this version of the index
   * (its first line, unique per version thanks to the header) up to a line end within it, and hold a record for
   * every number up to their top one; otherwise every line is read from the index, as for a store written before
   * slots existed.
   */
  void refresh(Files2 f) throws IOException {
    long size = f.index().size();
    byte[] first = firstLine(f.index(), size);
    Header h = f.slots() == null ? null : IndexSlots.readHeader(f.slots());
    if (h != null && !(Arrays.equals(h.identity(), first) && h.covered() <= size && endsLine(f.index(), h.covered())
        && f.slots().size() >= IndexSlots.HEADER + (h.maxNumber() + 1) * IndexSlots.WIDTH)) {
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

  void reset(byte[] newIdentity, Header h) {
    identity = newIdentity;
    base = h;
    offset = h == null ? 0 : h.covered();
    tail.clear();
    tailLines = 0;
    tailNew = 0;
    maxNumber = h == null ? 0 : h.maxNumber();
    newestCreatedByChunk.clear();
    generation++;
  }

  Slot slot(Files2 f, long n) throws IOException {
    Slot s = tail.get(n);
    if (s == null && base != null && n <= base.maxNumber()) s = IndexSlots.read(f.slots(), n, n)[0];
    return s;
  }

  void newestFirst(Files2 f, SlotVisitor v) throws IOException {
    newestFirst(f, Long.MIN_VALUE, v);
  }

  /**
   * As {@link #newestFirst(Files2, SlotVisitor)}, but only slots created at or after {@code createdAtLeastMs} need be
   * visited: a whole chunk of the slots whose newest deployment is older is skipped unread. A deployment's creation
   * time never changes, so a full chunk's newest one is learnt on its first read and kept until the next reset.
   * Without this a time-ranged query (DORA's last 30 days, on every deploy_history) read every slot of the store.
   */
  void newestFirst(Files2 f, long createdAtLeastMs, SlotVisitor v) throws IOException {
    long baseMax = base == null ? 0 : base.maxNumber();
    Slot[] chunk = null;
    long from = 0;
    for (long n = maxNumber; n >= 1; n--) {
      Slot s = tail.get(n);
      if (s == null && n <= baseMax) {
        if (chunk == null || n < from) {
          long k = (n - 1) / CHUNK;
          from = k * CHUNK + 1;
          Long newest = newestCreatedByChunk.get(k);
          if (newest != null && newest < createdAtLeastMs && tail.subMap(from, true, n, true).isEmpty()) {
            n = from; // the loop's n-- moves on to the chunk below
            chunk = null;
            continue;
          }
          chunk = IndexSlots.read(f.slots(), from, n);
          if (n == from + CHUNK - 1) newestCreatedByChunk.put(k, newest(chunk));
        }
        s = chunk[(int) (n - from)];
      }
      if (s != null && s.present() && !v.visit(n, s)) return;
    }
  }

  private static long newest(Slot[] chunk) {
    long newest = Long.MIN_VALUE;
    for (Slot s : chunk) if (s != null && s.present()) newest = Math.max(newest, s.createdMs());
    return newest;
  }

  void oldestFirst(Files2 f, SlotVisitor v) throws IOException {
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

  /**
   * The summary a slot points at. A slot read while a writer patched it can be torn; a line that is not the
   * deployment's is read once more through a fresh slot, then skipped with a warning.
   */
  DeploymentSummary summary(Files2 f, long n, Slot s) throws IOException {
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
    return SummaryLine.parse(b.array());
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

  private static boolean startsWith(byte[] buf, int off, int len, byte[] prefix) {
    if (len < prefix.length) return false;
    for (int i = 0; i < prefix.length; i++) if (buf[off + i] != prefix[i]) return false;
    return true;
  }

}
