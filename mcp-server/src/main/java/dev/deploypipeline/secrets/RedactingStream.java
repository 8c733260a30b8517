package dev.deploypipeline.secrets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A stream that writes whole lines through the process's redactor: the CLI's stdout and every process's stderr
 * (logs included), so that no print anywhere can carry a known secret out. A line is held until its newline (or a
 * flush) so that a secret written in pieces is still seen whole.
 */
public final class RedactingStream extends OutputStream {
  private final OutputStream out;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  private RedactingStream(OutputStream out) {
    this.out = out;
  }

  public static PrintStream wrap(PrintStream out) {
    return new PrintStream(new RedactingStream(out), false, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) throws IOException {
    line.write(b);
    if (b == '\n') emit();
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    int start = off;
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        line.write(b, start, i + 1 - start);
        emit();
        start = i + 1;
      }
    }
    line.write(b, start, off + len - start);
  }

  @Override
  public synchronized void flush() throws IOException {
    emit();
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    flush();
    out.close();
  }

  private void emit() throws IOException {
    if (line.size() == 0) return;
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    out.write(Redaction.redact(text).getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
