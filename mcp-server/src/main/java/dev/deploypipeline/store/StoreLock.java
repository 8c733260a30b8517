package dev.deploypipeline.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The store's exclusive write lock: a {@link ReentrantLock} for the threads of this JVM plus an OS lock on
 * {@code store.lock} for other processes. The JVM lock is shared by every store instance on the same directory
 * because the OS lock is held per process: a second {@link FileChannel#lock()} from the same JVM would throw
 * {@link java.nio.channels.OverlappingFileLockException} instead of waiting.
 */
final class StoreLock {
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path root;
  private final Path lockFile;
  private FileChannel channel;
  private FileLock osLock;

  StoreLock(Path root) {
    this.root = root;
    this.lockFile = root.resolve("store.lock");
  }

  <T> T withLock(Supplier<T> body) {
    ReentrantLock jvm = jvmLock();
    jvm.lock();
    try {
      boolean outermost = jvm.getHoldCount() == 1;
      if (outermost) acquireOsLock();
      try {
        return body.get();
      } finally {
        if (outermost) releaseOsLock();
      }
    } finally {
      jvm.unlock();
    }
  }

  private ReentrantLock jvmLock() {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw StoreFailures.failure("cannot create the store directory " + root, root, e);
    }
    return JVM_LOCKS.computeIfAbsent(key(), k -> new ReentrantLock());
  }

  private Path key() {
    try {
      return root.toRealPath();
    } catch (IOException e) {
      return root.toAbsolutePath().normalize();
    }
  }

  private void acquireOsLock() {
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      osLock = channel.lock();
    } catch (IOException e) {
      closeQuietly();
      StoreException f = StoreFailures.failure("cannot lock " + lockFile, root, e);
      throw f.nextStep() != null ? f : new StoreException(f.getMessage()
          + " (check that the directory is writable and on a local file system)", e);
    }
  }

  private void releaseOsLock() {
    try {
      if (osLock != null) osLock.release();
    } catch (IOException ignored) {
      // closing the channel below releases it anyway
    }
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      if (channel != null) channel.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
    channel = null;
    osLock = null;
  }
}
