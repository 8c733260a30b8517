package dev.deploypipeline.proc;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external tool (helm, docker, Compose) with an explicit argument list, never through a shell, so values
 * and names cannot inject anything, and with exactly the environment given. Output goes to files rather than pipes,
 * so a large output cannot fill a pipe and stall the tool while we wait for it. A timeout or an interrupt kills the
 * tool and everything it started.
 */
public final class ToolProcess {
  /** How a run ended; {@code exitCode} is null when it timed out (the process was killed). */
  public record Result(Integer exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode != null && exitCode == 0;
    }
  }

  private ToolProcess() {}

  /** Throws IOException when the tool cannot be started (not installed, not executable). */
  public static Result run(List<String> command, Map<String, String> environment, Path dir, Duration timeout)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("tool-out", ".txt");
    Path err = null;
    try {
      err = Files.createTempFile("tool-err", ".txt");
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().clear();
      pb.environment().putAll(environment);
      Process p = pb.start();
      Integer exit;
      try {
        exit = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? p.exitValue() : null;
      } catch (InterruptedException e) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw e;
      }
      if (exit == null) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor();
      }
      return new Result(exit, Files.readString(out), Files.readString(err));
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /**
   * A bare name looked up on the PATH of {@code environment} (the tool's, not this JVM's), so a project can point
   * PATH at the binary it wants; the name itself when not found there, or when it has a '/'.
   */
  public static String resolve(String binary, Map<String, String> environment) {
    if (binary.contains("/")) return binary;
    for (String d : environment.getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, binary))) return Path.of(d, binary).toString();
    }
    return binary;
  }

  private static void deleteQuietly(Path p) {
    if (p == null) return;
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a temp file; the OS cleans up after us
    }
  }
}
