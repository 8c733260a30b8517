package dev.deploypipeline.release;

import dev.deploypipeline.changes.CommitLog;
import dev.deploypipeline.proc.ToolProcess;
import java.io.IOException;
import java.nio.file.Path;

/** The git steps of a release, run with the real {@code git} in the project; a failure names git's own message. */
final class GitRepo {
  private final Path dir;

  GitRepo(Path dir) {
    this.dir = dir;
  }

  /** Standard output of a git command that must succeed. */
  String run(String next, String... args) {
    ToolProcess.Result r = call(args);
    if (!r.ok()) {
      throw new ReleaseException("git " + args[0] + " failed in " + dir + ": " + (r.exitCode() == null
          ? "no answer in time" : r.stderr().strip()), next);
    }
    return r.stdout().strip();
  }

  boolean exists(String ref) {
    return call("rev-parse", "-q", "--verify", ref).ok();
  }

  /** The working tree's uncommitted changes ({@code git status --porcelain}), empty when clean. */
  String changes() {
    return run("run git status in the project to see why", "status", "--porcelain");
  }

  void requireClean(String doing) {
    String changes = changes();
    if (!changes.isEmpty()) {
      throw new ReleaseException(doing + " needs a clean working tree; uncommitted: " + changes.lines().limit(5)
          .map(String::strip).toList(), "commit or stash the changes, then run it again");
    }
  }

  /** Fails before anything is changed when git has no identity to commit or tag with. */
  void requireIdentity() {
    run("set one: git config --global user.name \"Your Name\" and git config --global user.email you@example.com "
        + "(or GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL and GIT_COMMITTER_NAME/GIT_COMMITTER_EMAIL)", "var",
        "GIT_COMMITTER_IDENT");
  }

  /** The newest tag reachable from {@code ref}, or null. */
  String lastTag(String ref) {
    try {
      return CommitLog.lastTag(dir, ref);
    } catch (IOException e) {
      throw new ReleaseException("cannot read the tags of " + dir + ": " + e.getMessage(), "check that the "
          + "project is a git repository");
    }
  }

  private ToolProcess.Result call(String... args) {
    try {
      return CommitLog.run(dir, args);
    } catch (IOException e) {
      throw new ReleaseException("cannot run git in " + dir + ": " + e.getMessage(), "install git and check that "
          + "the project is a git repository");
    }
  }
}
