package dev.deploypipeline.store;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns the I/O error behind a failed store operation into a {@link StoreException} that says what happened to the
 * store directory and how to clear it. The JDK reports ENOSPC, EROFS and EDQUOT only as strerror text (in the
 * message or, for {@link FileSystemException}, its reason), so the classification reads that text.
 */
public final class StoreFailures {
  /** What kind of environment problem stopped the store. */
  public enum Cause {
    DISK_FULL("the file system is full"),
    QUOTA_EXCEEDED("the disk quota is used up"),
    READ_ONLY("the file system is mounted read-only"),
    ACCESS_DENIED("permission denied"),
    OTHER("an I/O error");

    private final String description;

    Cause(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  private StoreFailures() {}

  static Cause classify(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof AccessDeniedException) return Cause.ACCESS_DENIED;
      String text = text(t).toLowerCase(Locale.ROOT);
      if (text.contains("no space left on device")) return Cause.DISK_FULL;
      if (text.contains("disk quota exceeded")) return Cause.QUOTA_EXCEEDED;
      if (text.contains("read-only file system")) return Cause.READ_ONLY;
      if (text.contains("permission denied") || text.contains("operation not permitted")) return Cause.ACCESS_DENIED;
    }
    return Cause.OTHER;
  }

  /**
   * {@code what} is the failed action ("cannot save deployment d-3 in /x"); {@code root} the store directory the
   * next step points at.
   */
  static StoreException failure(String what, Path root, Exception e) {
    Exception io = e instanceof UncheckedIOException u ? u.getCause() : e;
    Cause cause = classify(e);
    String detail = String.valueOf(io.getMessage());
    String problem = what + ": " + (cause == Cause.OTHER ? detail : cause.description() + " (" + detail + ")");
    return new StoreException(problem, nextStep(cause, root), e);
  }

  static String nextStep(Cause cause, Path root) {
    String r = root.toAbsolutePath().toString();
    String retry = "then retry; a deployment that stopped part-way continues with `deployment-pipeline deploy resume "
        + "<id>`, and `deployment-pipeline doctor` checks the store afterwards";
    return switch (cause) {
      case DISK_FULL -> "free space on the file system holding " + r + " (see `df -h " + r + "`), " + retry;
      case QUOTA_EXCEEDED -> "free space within your quota on the file system holding " + r + " (see `quota -s`) "
          + "or have it raised, " + retry;
      case READ_ONLY -> "remount the file system holding " + r + " read-write, or run from a project directory on a "
          + "writable file system; reads (status, history, audit) keep working meanwhile";
      case ACCESS_DENIED -> "give the user running deployment-pipeline write access to " + r + " and the files in "
          + "it (see `ls -la " + r + "`), " + retry;
      case OTHER -> null;
    };
  }

  private static String text(Throwable t) {
    String m = t.getMessage() == null ? "" : t.getMessage();
    return t instanceof FileSystemException f && f.getReason() != null ? m + " " + f.getReason() : m;
  }
}
