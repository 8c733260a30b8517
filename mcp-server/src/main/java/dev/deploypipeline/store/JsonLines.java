package dev.deploypipeline.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads newline-terminated lines from a byte range of a file in bounded chunks (files reach tens of megabytes). */
final class JsonLines {
  private static final int CHUNK = 1 << 20;

  @FunctionalInterface
  interface LineHandler {
    void line(byte[] buf, int off, int len);
  }

  private JsonLines() {}

  /**
   * Calls {@code handler} for every complete line in {@code [from, to)} (without its {@code '\n'}) and returns the
   * offset just after the last complete line; bytes after it are an unterminated tail (a write in progress or torn).
   */
  static long read(FileChannel ch, long from, long to, LineHandler handler) throws IOException {
    byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(0, to - from))];
    int carry = 0;
    long pos = from;
    long consumed = from;
    while (pos < to) {
      if (carry == buf.length) buf = java.util.Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
      ByteBuffer bb = ByteBuffer.wrap(buf, carry, (int) Math.min(buf.length - carry, to - pos));
      int n = ch.read(bb, pos);
      if (n <= 0) break;
      pos += n;
      int end = carry + n;
      int start = 0;
      for (int i = carry; i < end; i++) {
        if (buf[i] == '\n') {
          handler.line(buf, start, i - start);
          consumed += i + 1 - start;
          start = i + 1;
        }
      }
      carry = end - start;
      System.arraycopy(buf, start, buf, 0, carry);
    }
    return consumed;
  }

  /** Offset just after the last {@code '\n'} before {@code size}, or 0: where a torn tail starts. */
  static long endOfLastLine(FileChannel ch, long size) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8192);
    long end = size;
    while (end > 0) {
      long start = Math.max(0, end - b.capacity());
      b.clear().limit((int) (end - start));
      ch.read(b, start);
      for (int i = (int) (end - start) - 1; i >= 0; i--) if (b.get(i) == '\n') return start + i + 1;
      end = start;
    }
    return 0;
  }

  static FileChannel openRead(Path p) throws IOException {
    return FileChannel.open(p, StandardOpenOption.READ);
  }
}
