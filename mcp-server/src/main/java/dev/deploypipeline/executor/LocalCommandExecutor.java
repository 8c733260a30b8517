package dev.deploypipeline.executor;

import dev.deploypipeline.workflow.Failure;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Runs a stage's command with {@code bash -c} in the project directory, output appended to the stage log.
 * Exit 0 succeeds; the stage's transient exit codes (75, EX_TEMPFAIL, by default) and timeouts are transient;
 * anything else is permanent. Output goes to a file, never a pipe, so a command that leaves a service running in
 * the background cannot hold the stage open.
 */
public final class LocalCommandExecutor implements StageExecutor {
  private final Clock clock;

  public LocalCommandExecutor(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public StageResult run(StageRequest r) throws InterruptedException {
    String command = r.spec().command();
    Process p;
    try {
      Files.createDirectories(r.logFile().getParent());
      try (Writer w = Files.newBufferedWriter(r.logFile(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND)) {
        w.write("=== " + r.stage() + " attempt " + r.attempt() + " at " + clock.instant() + ": " + command + "\n");
      }
      ProcessBuilder pb = new ProcessBuilder("bash", "-c", command)
          .directory(r.projectDir().toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(r.logFile().toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().putAll(r.context());
      p = pb.start();
    } catch (IOException e) {
      return StageResult.failed(Failure.transientFailure("could not start `" + command + "`: " + e.getMessage()), null);
    }
    try {
      if (!p.waitFor(r.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p);
        String after = r.timeout().toMillis() % 1000 == 0 ? r.timeout().toSeconds() + " s" : r.timeout().toMillis() + " ms";
        appendLog(r, "=== timed out after " + after + "; process tree killed\n");
        return StageResult.failed(Failure.transientFailure(r.stage() + " timed out after " + after
            + " (raise timeoutSeconds for this stage if it needs longer)"), null);
      }
    } catch (InterruptedException e) {
      kill(p);
      appendLog(r, "=== interrupted; process tree killed\n");
      throw e;
    }
    int exit = p.exitValue();
    appendLog(r, "=== exit " + exit + "\n");
    if (exit == 0) return StageResult.ok(0);
    String msg = "`" + command + "` exited with " + exit;
    if (r.spec().transientExitCodes().contains(exit)) {
      return StageResult.failed(Failure.transientFailure(msg + " (transient)"), exit);
    }
    return StageResult.failed(Failure.permanent(msg), exit);
  }

  /**
   * Kills the command and everything it started. The shell goes first so it cannot run its next line once a
   * child dies; the children are taken from a snapshot made before, as they are re-parented afterwards.
   */
  private static void kill(Process p) {
    java.util.List<ProcessHandle> children = p.descendants().toList();
    p.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private static void appendLog(StageRequest r, String line) {
    try {
      Files.writeString(r.logFile(), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException ignored) {
      // The log is a convenience; the outcome is recorded in the deployment and the audit trail.
    }
  }
}
