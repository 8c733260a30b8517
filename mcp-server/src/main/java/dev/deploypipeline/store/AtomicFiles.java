package dev.deploypipeline.store;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/** The few durable file operations the store is built from. Callers hold the store's write lock. */
final class AtomicFiles {
  static final String TEMP_SUFFIX = ".tmp";

  private AtomicFiles() {}

  /**
   * Replaces {@code target} with {@code bytes} so that a reader or a crash sees either the old or the new content,
   * never a mix: temp file in the same directory (rename is only atomic within one file system), fsync, rename,
   * fsync the directory so that the rename itself survives a power cut.
   */
  static void writeAtomically(Path target, byte[] bytes) throws IOException {
    writeAtomically(target, out -> out.write(bytes));
  }

  /** Content producer for {@link #writeAtomically(Path, Content)}, for files too large to build in memory first. */
  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  static void writeAtomically(Path target, Content content) throws IOException {
    writeAtomically(target, content, true);
  }

  /**
   * Without {@code sync} the replacement is still atomic for readers and for a killed process (the kernel keeps
   * what was written), only not yet across a power cut: for writes that the {@link Journal} already holds.
   */
  static void writeAtomically(Path target, Content content, boolean sync) throws IOException {
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = tempFor(target);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        content.writeTo(out);
        out.flush();
        if (sync) ch.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    if (sync) fsyncDirectory(dir);
  }

  /**
   * Appends; forces to disk only with {@code sync} (see {@link #writeAtomically(Path, Content, boolean)}). A failed
   * append is cut off again.
   */
  static void append(Path file, byte[] bytes, boolean sync) throws IOException {
    Files.createDirectories(file.getParent());
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      long before = ch.size();
      try {
        writeFully(ch, bytes);
        if (sync) ch.force(true);
      } catch (IOException e) {
        // A full disk takes part of the line: left there it would read as a torn line (damage to the audit chain,
        // or a journal entry glued to the next one). Truncating needs no space.
        try {
          ch.truncate(before);
          ch.force(true);
        } catch (IOException cut) {
          e.addSuppressed(cut);
        }
        throw e;
      }
    }
  }

  /** Forces a file written earlier without sync; a file that does not exist has nothing to force. */
  static void fsync(Path file) throws IOException {
    if (!Files.exists(file)) return;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /**
   * Makes {@code target} hold what {@code source} holds now, atomically: a hard link under a temp name renamed over
   * {@code target}; where the file system has no hard links, a synced copy instead.
   */
  static void linkOrCopyAtomically(Path source, Path target) throws IOException {
    Path tmp = tempFor(target);
    try {
      try {
        Files.createLink(tmp, source);
      } catch (UnsupportedOperationException | IOException noLinks) {
        Files.deleteIfExists(tmp);
        Files.copy(source, tmp);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      // rename(2) does nothing when both names already link one file (a save failed after making its backup link),
      // which would leave the temp name behind.
      Files.deleteIfExists(tmp);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  private static Path tempFor(Path target) {
    return target.resolveSibling(target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
        + TEMP_SUFFIX);
  }

  /** Not every platform can open a directory (Windows cannot); there the rename is as durable as the OS makes it. */
  static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // best effort by design, see above
    }
  }

  static void writeFully(FileChannel ch, byte[] bytes) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    while (buf.hasRemaining()) ch.write(buf);
  }

  /**
   * Deletes temp files left in {@code dir} by a process that died mid-write. Only safe under the store lock: then no
   * live writer can own one.
   */
  static int deleteTempFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return 0;
    int n = 0;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + TEMP_SUFFIX)) {
      for (Path p : s) {
        Files.deleteIfExists(p);
        n++;
      }
    }
    return n;
  }
}
