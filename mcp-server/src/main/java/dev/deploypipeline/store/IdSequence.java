package dev.deploypipeline.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code seq} file: the last number handed out as {@code d-<n>}. Written atomically under the store lock. If it
 * is lost or damaged, counting restarts above the highest id in the index, so an id is never handed out twice.
 */
final class IdSequence {
  private static final Logger LOG = LoggerFactory.getLogger(IdSequence.class);

  private final Path file;
  private final LongSupplier highestKnown;

  IdSequence(Path file, LongSupplier highestKnown) {
    this.file = file;
    this.highestKnown = highestKnown;
  }

  /** Caller holds the store's write lock. */
  String next() throws IOException {
    long n = Math.max(current(), highestKnown.getAsLong()) + 1;
    set(n);
    return "d-" + n;
  }

  void set(long n) throws IOException {
    AtomicFiles.writeAtomically(file, (n + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** The last number handed out (0 if none). */
  long current() throws IOException {
    try {
      return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
    } catch (NoSuchFileException e) {
      return 0;
    } catch (NumberFormatException e) {
      LOG.warn("{} is damaged ({}); continuing above the highest id in the index", file, e.getMessage());
      return 0;
    }
  }
}
