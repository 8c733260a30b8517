package dev.deploypipeline.testutil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real tmpfs mounted on a test directory, for real ENOSPC ({@code size=}) and EROFS ({@code remount,ro}): running
 * as root, permission bits cannot make a directory unwritable. Skips the test (JUnit assumption) only when this
 * machine does not let us mount; any other mount failure fails it. Close it (in a finally or @AfterEach) to unmount.
 */
public final class TmpfsMount implements AutoCloseable {
  private final Path dir;
  private boolean mounted;

  private TmpfsMount(Path dir) {
    this.dir = dir;
  }

  /** Mounts a tmpfs of {@code sizeKb} kilobytes on {@code dir} (created if missing). */
  public static TmpfsMount mount(Path dir, int sizeKb) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    TmpfsMount m = new TmpfsMount(dir);
    Result r;
    try {
      r = run("mount", "-t", "tmpfs", "-o", "size=" + sizeKb + "k,mode=0755", "tmpfs", dir.toString());
    } catch (IOException noMountCommand) {
      Assumptions.abort("no `mount` command on this machine (" + noMountCommand.getMessage() + "): real full and "
          + "read-only file systems cannot be set up");
      throw noMountCommand;
    }
    if (r.code != 0) {
      String out = r.output.toLowerCase(Locale.ROOT);
      boolean notPermitted = out.contains("permission denied") || out.contains("not permitted")
          || out.contains("must be superuser") || out.contains("only root");
      Assumptions.assumeFalse(notPermitted, "mounting a tmpfs is not permitted here (" + r.output.strip()
          + "); these tests need root or CAP_SYS_ADMIN for real full and read-only file systems");
      throw new IllegalStateException("mount tmpfs on " + dir + " failed: " + r.output);
    }
    m.mounted = true;
    return m;
  }

  public Path dir() {
    return dir;
  }

  public void readOnly() throws IOException, InterruptedException {
    remount("ro");
  }

  public void readWrite() throws IOException, InterruptedException {
    remount("rw");
  }

  private void remount(String mode) throws IOException, InterruptedException {
    Result r = run("mount", "-o", "remount," + mode, dir.toString());
    if (r.code != 0) throw new IllegalStateException("remount " + mode + " " + dir + " failed: " + r.output);
  }

  /**
   * Writes zeros into {@code file} until the file system is full; returns the bytes written. The last write fails
   * with ENOSPC, which is the point.
   */
  public static long fill(Path file) throws IOException {
    byte[] block = new byte[1024];
    long n = 0;
    try (var out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
        out.flush();
        n += block.length;
      }
    } catch (IOException full) {
      if (!String.valueOf(full.getMessage()).contains("No space left")) throw full;
    }
    return n;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (!mounted) return;
    Result r = run("umount", dir.toString());
    if (r.code != 0) r = run("umount", "-l", dir.toString()); // never leave a mount behind a failed test
    mounted = false;
    if (r.code != 0) throw new IllegalStateException("umount " + dir + " failed: " + r.output);
  }

  private record Result(int code, String output) {}

  private static Result run(String... cmd) throws IOException, InterruptedException {
    List<String> c = new ArrayList<>(List.of(cmd));
    Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", cmd) + " did not finish in 30 s");
    }
    return new Result(p.exitValue(), out);
  }
}
