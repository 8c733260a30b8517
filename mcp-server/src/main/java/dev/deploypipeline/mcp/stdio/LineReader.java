package dev.deploypipeline.mcp.stdio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads newline-delimited messages with a size cap, so one huge line cannot exhaust memory. */
final class LineReader {
  record Line(String text, boolean tooLong) {}

  private final InputStream in;
  private final int max;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int len;

  LineReader(InputStream in, int max) {
    this.in = in;
    this.max = max;
  }

  /** The next line, or null at EOF. A line over the cap is consumed and reported as {@code tooLong}. */
  Line next() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    boolean tooLong = false;
    while (true) {
      if (pos == len) {
        len = in.read(buf);
        pos = 0;
        if (len <= 0) {
          len = 0;
          return line.size() == 0 && !tooLong ? null : new Line(decode(line), tooLong);
        }
      }
      int start = pos;
      while (pos < len && buf[pos] != '\n') pos++;
      if (!tooLong) {
        line.write(buf, start, pos - start);
        if (line.size() > max) {
          tooLong = true;
          line.reset();
        }
      }
      if (pos < len) {
        pos++;
        return new Line(tooLong ? "" : decode(line), tooLong);
      }
    }
  }

  private static String decode(ByteArrayOutputStream b) {
    String s = b.toString(StandardCharsets.UTF_8);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }
}
