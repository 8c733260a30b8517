package dev.deploypipeline.cli;

import dev.deploypipeline.changes.Changelog;
import dev.deploypipeline.changes.Commit;
import dev.deploypipeline.deploy.ConfigChanges;
import dev.deploypipeline.deploy.DeployDiff;
import dev.deploypipeline.deploy.DeployDiffs;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code deploy diff --env E [--version V]}: what a deploy would change (mirrors deploy_diff). No standard help
 * mixin: it would take {@code --version}, which here names the candidate.
 */
@Command(name = "diff",
    description = "Show what deploying a version to ENV would change over what runs there: both versions, the commits "
        + "between them (type, author, subject), the config changes of ENV's section and the global keys (secret "
        + "names only, never values) and the CHANGELOG.md sections. Read-only.")
final class DiffCommand implements Callable<Integer> {
  @Mixin ProjectOptions o;
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;
  @Option(names = {"--env", "--environment"}, required = true, paramLabel = "ENV",
      description = "The environment to compare against, e.g. prod") String env;
  @Option(names = "--version", paramLabel = "V", description = "The candidate: a recorded version, a tag (1.4.0 or "
      + "v1.4.0) or a commit (default: what runs in the step before ENV on the path; HEAD for the first step)")
  String version;

  @Override
  public Integer call() {
    DeployDiff diff = new DeployDiffs(o.service(false)).diff(env, version);
    if (o.json) Render.json(System.out, diff.toMap());
    else print(System.out, diff);
    return ExitCodes.OK;
  }

  static void print(PrintStream out, DeployDiff d) {
    out.println(d.summary().lines().findFirst().orElse(""));
    out.println("  candidate: " + d.candidate().source());
    if (d.same()) {
      out.println("No change: " + d.environment() + " already runs this commit.");
      return;
    }
    out.println();
    out.println("Commits (" + d.commitCount() + ")" + (d.commitCount() > d.commits().size() ? ", newest "
        + d.commits().size() + " shown" : ""));
    commits(out, d.commits());
    if (d.leavingCount() > 0) {
      out.println();
      out.println("Leaving " + d.environment() + " (running now, not in the candidate: " + d.leavingCount() + ")");
      commits(out, d.leaving());
    }
    out.println();
    out.println("Config changes" + (d.configFile() == null ? "" : " (" + d.configFile() + ")"));
    if (d.config().isEmpty()) out.println("  (none)");
    int key = Math.max(3, d.config().stream().mapToInt(c -> c.key().length()).max().orElse(3));
    int scope = Math.max(5, d.config().stream().mapToInt(c -> c.scope().length()).max().orElse(5));
    for (ConfigChanges.Change c : d.config()) {
      out.printf("  %-" + scope + "s  %-" + key + "s  %-7s  %s%n", c.scope(), c.key(), c.change(), c.detail());
    }
    out.println();
    out.println("Changelog");
    if (d.changelog().isEmpty()) out.println("  (no entries)");
    for (Changelog.Section s : d.changelog()) {
      out.println("  " + s.version() + (s.date() == null ? "" : " (" + s.date() + ")"));
      s.groups().forEach((g, entries) -> entries.forEach(e -> out.println("    " + g + ": " + e)));
    }
    for (String n : d.notes()) out.println("note: " + n);
  }

  private static void commits(PrintStream out, List<Commit> commits) {
    if (commits.isEmpty()) {
      out.println("  (none)");
      return;
    }
    int author = Math.max(6, commits.stream().mapToInt(c -> c.author().length()).max().orElse(6));
    out.printf("  %-12s  %-8s  %-" + author + "s  %s%n", "COMMIT", "TYPE", "AUTHOR", "SUBJECT");
    for (Commit c : commits) {
      String type = DeployDiff.typeOf(c) + (c.conventional().breaking() ? "!" : "");
      out.printf("  %-12s  %-8s  %-" + author + "s  %s%n", c.shortSha(), type, c.author(), c.subject());
    }
  }
}
