package dev.deploypipeline.rollout;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a smoke command under {@code bash -c}; its exit code is the verdict (0 passes). */
public interface Smoke {
  /** The exit code, or -1 if it did not finish within {@code timeout} (it is then killed). */
  int run(String command, Map<String, String> env, Duration timeout) throws IOException, InterruptedException;

  /** In {@code workDir}, output discarded (the smoke command's own logs are the user's business). */
  static Smoke shell(Path workDir) {
    return (command, env, timeout) -> {
      ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(workDir.toFile())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    };
  }
}
