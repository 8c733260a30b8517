package dev.deploypipeline.changes;

import dev.deploypipeline.proc.ToolProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The commits of a range, read with the real {@code git log}, newest first. */
public final class CommitLog {
  // Unit and record separators: they cannot occur in a commit message git prints, unlike newlines or tabs.
  private static final String FIELD = "\u001f";
  private static final String RECORD = "\u001e";
  private static final String FORMAT = String.join(FIELD, "%H", "%an", "%ae", "%cI", "%s", "%b") + RECORD;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private CommitLog() {}

  /**
   * The commits reachable from {@code toRef} but not from {@code fromRef} ({@code fromRef..toRef}); every commit up
   * to {@code toRef} when {@code fromRef} is null. Merge commits are left out: their subjects describe no change.
   */
  public static List<Commit> between(Path repo, String fromRef, String toRef) throws IOException {
    String range = fromRef == null ? toRef : fromRef + ".." + toRef;
    String out = git(repo, "log", "--no-merges", "--format=" + FORMAT, range, "--");
    List<Commit> commits = new ArrayList<>();
    for (String rec : out.split(RECORD)) {
      // Not strip(): Java counts the separators themselves as whitespace.
      String r = rec.replaceAll("^[\\r\\n]+|[\\r\\n]+$", "");
      if (r.isEmpty()) continue;
      String[] f = r.split(FIELD, -1);
      if (f.length < 6) throw new IOException("git log printed an unexpected record in " + repo + ": " + r);
      String body = f[5].strip();
      commits.add(new Commit(f[0], f[4], body.isEmpty() ? null : body, f[1], f[2],
          OffsetDateTime.parse(f[3]).toInstant(), ConventionalCommit.parse(f[4], body)));
    }
    return commits;
  }

  /** The newest tag reachable from {@code ref} (by {@code git describe}), or null when there is none. */
  public static String lastTag(Path repo, String ref) throws IOException {
    ToolProcess.Result r = run(repo, "describe", "--tags", "--abbrev=0", ref);
    return r.ok() ? r.stdout().strip() : null;
  }

  private static String git(Path repo, String... args) throws IOException {
    ToolProcess.Result r = run(repo, args);
    if (!r.ok()) {
      throw new IOException("git " + args[0] + " failed in " + repo + ": "
          + (r.exitCode() == null ? "no answer in " + TIMEOUT.toSeconds() + " s" : r.stderr().strip()));
    }
    return r.stdout();
  }

  /** Runs git in {@code repo} with {@link #gitEnvironment()}; for callers that read the exit code themselves. */
  public static ToolProcess.Result run(Path repo, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString()));
    cmd.addAll(List.of(args));
    try {
      return ToolProcess.run(cmd, gitEnvironment(), repo, TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading git history in " + repo, e);
    }
  }

  /** Only what git needs to find itself and the user's config; never a prompt that would hang the call. */
  static Map<String, String> gitEnvironment() {
    Map<String, String> env = new java.util.HashMap<>();
    // The identity variables too: a release commit or tag made where no user.name is configured (CI) needs them.
    for (String k : List.of("PATH", "HOME", "LANG", "XDG_CONFIG_HOME", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL")) {
      String v = System.getenv(k);
      if (v != null) env.put(k, v);
    }
    env.put("GIT_TERMINAL_PROMPT", "0");
    return env;
  }
}
