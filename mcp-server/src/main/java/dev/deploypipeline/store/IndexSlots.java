package dev.deploypipeline.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code index.slots}: a fixed-width record per deployment number ({@code d-42} is slot 42) pointing at its latest
 * line in {@code index.jsonl}, with what history filters on (creation time, service, state), so that newest-first
 * queries read slots backwards and open only the lines they return, at any store size.
 *
 * <p>It is a cache of the index: its header names the index version it describes (the index's first line) and how
 * far (bytes) it covers it; readers take the lines after that from the index itself. A writer patches slots in
 * place, forces them and the index, and only then moves the header's mark, so a crash leaves the mark on slots that
 * are on disk; slots written past the mark are shadowed by the index's own tail until the next mark.
 */
final class IndexSlots {
  static final int HEADER = 128;
  static final int WIDTH = 32;
  private static final byte[] MAGIC = "DPSLOTS1".getBytes(StandardCharsets.US_ASCII);
  static final int IDENTITY_BYTES = 64;

  /**
   * Where a deployment's latest index line is and what it says (service and state as hashes of their names, so that
   * a renamed or added state cannot shift what older slots mean); an absent slot has length 0.
   */
  record Slot(long offset, int length, long createdMs, int serviceHash, int stateHash) {
    boolean present() {
      return length > 0;
    }
  }

  /**
   * What the header says: the index version, how many of its bytes and lines the slots cover, live ids, the top id,
   * and the lowest id that was active at the mark (above {@code maxNumber} if none), so that status reads the few
   * slots from there on rather than all of them.
   */
  record Header(byte[] identity, long covered, long lines, long live, long maxNumber, long lowestActive) {}

  private IndexSlots() {}

  static Header readHeader(FileChannel ch) throws IOException {
    if (ch.size() < HEADER) return null;
    ByteBuffer b = ByteBuffer.allocate(HEADER);
    readFully(ch, b, 0);
    b.flip();
    byte[] magic = new byte[MAGIC.length];
    b.get(magic);
    if (!Arrays.equals(magic, MAGIC)) return null;
    int idLen = b.getInt();
    if (idLen < 0 || idLen > IDENTITY_BYTES) return null;
    byte[] identity = new byte[IDENTITY_BYTES];
    b.get(identity);
    return new Header(Arrays.copyOf(identity, idLen), b.getLong(), b.getLong(), b.getLong(), b.getLong(),
        b.getLong());
  }

  static ByteBuffer header(Header h) {
    ByteBuffer b = ByteBuffer.allocate(HEADER);
    b.put(MAGIC).putInt(h.identity().length).put(Arrays.copyOf(h.identity(), IDENTITY_BYTES));
    b.putLong(h.covered()).putLong(h.lines()).putLong(h.live()).putLong(h.maxNumber()).putLong(h.lowestActive());
    return b.position(0);
  }

  static FileChannel openRead(Path file) throws IOException {
    try {
      return FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Slots {@code from..to} (inclusive) in one read; slots past the end of the file are absent. */
  static Slot[] read(FileChannel ch, long from, long to) throws IOException {
    int n = (int) (to - from + 1);
    ByteBuffer b = ByteBuffer.allocate(n * WIDTH);
    long pos = HEADER + from * WIDTH;
    while (b.hasRemaining()) {
      int r = ch.read(b, pos + b.position());
      if (r <= 0) break;
    }
    int got = b.position() / WIDTH;
    b.flip();
    Slot[] out = new Slot[n];
    for (int i = 0; i < got; i++) out[i] = decode(b, i * WIDTH);
    return out;
  }

  private static Slot decode(ByteBuffer b, int at) {
    return new Slot(b.getLong(at), b.getInt(at + 8), b.getLong(at + 12), b.getInt(at + 20), b.getInt(at + 24));
  }

  private static void encode(ByteBuffer b, int at, Slot s) {
    b.putLong(at, s.offset()).putInt(at + 8, s.length()).putLong(at + 12, s.createdMs())
        .putInt(at + 20, s.serviceHash()).putInt(at + 24, s.stateHash());
  }

  /** A whole new slots file (for a new or replaced index), built in memory and then replacing the old one. */
  static final class Builder {
    private ByteBuffer b = ByteBuffer.allocate(HEADER + 1024 * WIDTH);

    void put(long number, Slot s) {
      long end = HEADER + (number + 1) * WIDTH;
      if (end > Integer.MAX_VALUE - 8) throw new IllegalStateException("deployment number too large: " + number);
      if (end > b.capacity()) b = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, Math.max(end, 2L * b.capacity())))
          .put(b.array(), 0, b.capacity()).position(0);
      encode(b, (int) (HEADER + number * WIDTH), s);
    }

    void write(Path file, Header h) throws IOException {
      int size = (int) (HEADER + (h.maxNumber() + 1) * WIDTH);
      if (size > b.capacity()) put(h.maxNumber(), new Slot(0, 0, 0, 0, 0));
      b.put(0, header(h), 0, HEADER);
      byte[] bytes = b.array();
      AtomicFiles.writeAtomically(file, out -> out.write(bytes, 0, size));
    }
  }

  /** Patches {@code slots} in place, forces them, then moves the header's mark (see the class comment). */
  static void patch(Path file, Header h, Map<Long, Slot> slots) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(WIDTH);
      for (Map.Entry<Long, Slot> e : slots.entrySet()) {
        encode(one, 0, e.getValue());
        writeFully(ch, one.position(0), HEADER + e.getKey() * WIDTH);
      }
      ch.force(false);
      writeFully(ch, header(h), 0);
      ch.force(false);
    }
  }

  static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      if (ch.read(b, pos + b.position()) <= 0) break;
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) ch.write(b, pos + b.position());
  }
}
