package dev.deploypipeline.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Small read-only git queries in the project directory; null when git or the answer is unavailable, or when git
 * does not answer within the timeout (a credential prompt, a hung filesystem).
 */
final class Git {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** The git executable; tests point it at a fake. */
  static volatile String executable = "git";
  static volatile Duration timeout = TIMEOUT;

  private Git() {}

  static String run(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of(executable, "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Path out = null;
    Process p = null;
    try {
      // Output to a file, read after the exit: reading a pipe first would block past the timeout.
      out = Files.createTempFile("deployment-pipeline-git-", ".out");
      p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD)
          .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p);
        return null;
      }
      return p.exitValue() == 0 ? Files.readString(out, StandardCharsets.UTF_8).strip() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      if (p != null) kill(p);
      Thread.currentThread().interrupt();
      return null;
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          out.toFile().deleteOnExit();
        }
      }
    }
  }

  private static void kill(Process p) {
    List<ProcessHandle> children = p.descendants().toList();
    p.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
  }

  static boolean isRepository(Path dir) {
    return "true".equals(run(dir, "rev-parse", "--is-inside-work-tree"));
  }

  /** The full commit id that {@code ref} names, or null. */
  static String resolveCommit(Path dir, String ref) {
    return run(dir, "rev-parse", "--verify", "--quiet", ref + "^{commit}");
  }

  /** When {@code commit} was committed (committer time), or null when git cannot tell. */
  static java.time.Instant commitTime(Path dir, String commit) {
    String out = run(dir, "show", "-s", "--format=%cI", commit + "^{commit}");
    try {
      return out == null || out.isEmpty() ? null : java.time.OffsetDateTime.parse(out).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** The full commit to deploy: {@code commit} if given, else the branch head; a caller-fixable error if unknown. */
  static String commitFor(Path projectDir, String branch, String commit) {
    if (!isRepository(projectDir)) {
      if (commit != null) return commit;
      throw new DeployException(DeployException.Kind.GIT, projectDir + " is not a git repository, so branch '" + branch
          + "' cannot be resolved to a commit", "pass commit explicitly, or run from the service's git checkout");
    }
    String ref = commit != null ? commit : branch;
    String resolved = resolveCommit(projectDir, ref);
    if (resolved == null) {
      throw new DeployException(DeployException.Kind.GIT, (commit != null ? "commit '" : "branch '") + ref + "' does not exist in the "
          + "git repository at " + projectDir, "check the name with `git branch -a` / `git log`, or fetch it first");
    }
    return resolved;
  }}
