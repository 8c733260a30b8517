package dev.deploypipeline.executor;

import dev.deploypipeline.secrets.Redaction;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A command's output on its way to the stage log, redacted. The command writes to a private file (a file, not a
 * pipe, so that a service it leaves running in the background cannot hold the stage open or die of a closed
 * pipe); a thread copies complete lines to the stage log through the redactor as they arrive, so the log can be
 * followed while the stage runs, and {@link #close} copies the rest and deletes the raw file.
 */
final class RedactedOutput implements AutoCloseable {
  private static final long POLL_MS = 200;
  /** A line longer than this is copied in pieces rather than held back. */
  private static final int MAX_HELD = 1 << 16;
  /** Read at most this much at once, so a stage that prints gigabytes does not need them in memory. */
  private static final int MAX_CHUNK = 1 << 22;

  private final Path raw;
  private final Path log;
  private final Thread copier;
  private long copied;

  private RedactedOutput(Path raw, Path log) {
    this.raw = raw;
    this.log = log;
    this.copier = new Thread(this::follow, "stage-log-copier");
    copier.setDaemon(true);
  }

  /** The raw file the command's stdout and stderr go to. */
  Path raw() {
    return raw;
  }

  static RedactedOutput start(Path log) throws IOException {
    // Owner-only (createTempFile's default on POSIX): the raw output may hold what the redactor masks.
    Path raw = Files.createTempFile("deployment-pipeline-stage-", ".out");
    RedactedOutput out = new RedactedOutput(raw, log);
    out.copier.start();
    return out;
  }

  private void follow() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        copy(false);
        Thread.sleep(POLL_MS);
      }
    } catch (InterruptedException e) {
      // close() copies the rest.
    } catch (IOException e) {
      // close() retries; the outcome is recorded in the deployment either way.
    }
  }

  /** Appends what arrived since the last copy, up to its last complete line unless {@code all}. */
  private synchronized void copy(boolean all) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(raw.toFile(), "r")) {
      long size = f.length();
      while (copied < size) {
        byte[] chunk = new byte[(int) Math.min(size - copied, MAX_CHUNK)];
        f.seek(copied);
        f.readFully(chunk);
        boolean lastPiece = copied + chunk.length == size;
        int end = chunk.length;
        if (!(all && lastPiece)) {
          // Whole lines only, so that a secret is never cut in two between copies.
          while (end > 0 && chunk[end - 1] != '\n') end--;
          if (end == 0 && chunk.length < MAX_HELD) return;
          if (end == 0) end = chunk.length;
        }
        Files.writeString(log, Redaction.redact(new String(chunk, 0, end, StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        copied += end;
      }
    }
  }

  @Override
  public void close() {
    copier.interrupt();
    try {
      copier.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      copy(true);
    } catch (IOException e) {
      // The log is a convenience; the outcome is recorded in the deployment and the audit trail.
    }
    try {
      // A background process still writing keeps its handle on the deleted file; nothing reaches the log after.
      Files.deleteIfExists(raw);
    } catch (IOException ignored) {
      raw.toFile().deleteOnExit();
    }
  }
}
