package dev.deploypipeline.executor;

import dev.deploypipeline.secrets.Redaction;
import dev.deploypipeline.workflow.Failure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a stage's command with {@code bash -c} in the project directory, output appended to the stage log.
 * Exit 0 succeeds; the stage's transient exit codes (75, EX_TEMPFAIL, by default) and timeouts are transient;
 * anything else is permanent. Output reaches the stage log through the redactor (see {@link RedactedOutput}). The
 * process sees only an allow-listed environment (see {@link ProcessEnvironment}).
 */
public final class LocalCommandExecutor implements StageExecutor {
  private final Clock clock;
  private final Map<String, String> serverEnv;

  public LocalCommandExecutor(Clock clock) {
    this(clock, System.getenv());
  }

  /** {@code serverEnv} supplies only the basics (PATH, HOME, ...); see {@link ProcessEnvironment}. */
  public LocalCommandExecutor(Clock clock, Map<String, String> serverEnv) {
    this.clock = clock;
    this.serverEnv = Map.copyOf(serverEnv);
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public StageResult run(StageRequest r) throws InterruptedException {
    String command = r.spec().command();
    Process p;
    RedactedOutput output;
    try {
      Files.createDirectories(r.logFile().getParent());
      appendLog(r, "=== " + r.stage() + " attempt " + r.attempt() + " at " + clock.instant() + ": " + command + "\n");
      output = RedactedOutput.start(r.logFile());
      ProcessBuilder pb = new ProcessBuilder("bash", "-c", command)
          .directory(r.projectDir().toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(output.raw().toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().clear();
      pb.environment().putAll(ProcessEnvironment.of(serverEnv, r.context()));
      try {
        p = pb.start();
      } catch (IOException e) {
        output.close();
        throw e;
      }
    } catch (IOException e) {
      return StageResult.failed(Failure.transientFailure("could not start `" + command + "`: "
          + Redaction.redact(e.getMessage())), null);
    }
    try (output) {
      if (!p.waitFor(r.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p);
        String after = r.timeout().toMillis() % 1000 == 0 ? r.timeout().toSeconds() + " s" : r.timeout().toMillis() + " ms";
        output.close();
        appendLog(r, "=== timed out after " + after + "; process tree killed\n");
        return StageResult.failed(Failure.transientFailure(r.stage() + " timed out after " + after
            + " (raise timeoutSeconds for this stage if it needs longer)"), null);
      }
    } catch (InterruptedException e) {
      kill(p);
      output.close();
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
      Files.writeString(r.logFile(), Redaction.redact(line), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException ignored) {
      // The log is a convenience; the outcome is recorded in the deployment and the audit trail.
    }
  }
}
