package dev.deploypipeline.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small read-only git queries in the project directory; null when git or the answer is unavailable. */
final class Git {
  private Git() {}

  static String run(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static boolean isRepository(Path dir) {
    return "true".equals(run(dir, "rev-parse", "--is-inside-work-tree"));
  }

  /** The full commit id that {@code ref} names, or null. */
  static String resolveCommit(Path dir, String ref) {
    return run(dir, "rev-parse", "--verify", "--quiet", ref + "^{commit}");
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
