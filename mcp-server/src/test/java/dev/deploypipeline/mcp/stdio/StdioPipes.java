package dev.deploypipeline.mcp.stdio;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * In-memory stdin/stdout for a server under test. Queues rather than java.io pipes, because a piped stream breaks
 * when the thread that last wrote it ends, and the SDK writes from pool threads.
 */
final class StdioPipes {
  static final long TIMEOUT_SECONDS = 10;

  final ClientToServer in = new ClientToServer();
  final ServerToClient out = new ServerToClient();

  /** What the server reads: chunks the test sends, then EOF once closed. */
  static final class ClientToServer extends InputStream {
    private static final byte[] EOF = new byte[0];
    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private byte[] current;
    private int pos;
    private boolean ended;

    void send(String line) {
      sendRaw(line + "\n");
    }

    void sendRaw(String text) {
      chunks.add(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
      chunks.add(EOF);
    }

    @Override
    public int read() throws InterruptedIOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws InterruptedIOException {
      if (len == 0) return 0;
      while (!ended && (current == null || pos == current.length)) {
        try {
          current = chunks.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException();
        }
        pos = 0;
        if (current == EOF) ended = true;
      }
      if (ended) return -1;
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  /** What the server writes, split into lines the test takes one by one. */
  static final class ServerToClient extends OutputStream {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        lines.add(line.toString(StandardCharsets.UTF_8));
        line.reset();
      } else {
        line.write(b);
      }
    }

    /** The next line the server wrote; fails if none comes within the timeout. */
    String next() throws InterruptedException {
      String l = lines.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (l == null) fail("no line from the server within " + TIMEOUT_SECONDS + " s");
      return l;
    }

    /** Lines already written, without waiting. */
    String pending() {
      return lines.peek();
    }
  }
}
