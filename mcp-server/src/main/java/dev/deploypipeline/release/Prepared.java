package dev.deploypipeline.release;

import dev.deploypipeline.changes.ConventionalCommit.Bump;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What release prepare did (or, in a dry run, would do): the version from and to, the bump, the commits since the
 * last tag, every version site, the files written, the branch and commit, and the changelog section.
 */
public record Prepared(String from, String to, Bump bump, String lastTag, int commits, List<VersionSite> sites,
    List<String> files, String branch, String changelog, List<String> refusals, boolean dryRun, String commit) {

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", from);
    m.put("version", to);
    m.put("bump", bump.name().toLowerCase(Locale.ROOT));
    if (lastTag != null) m.put("lastTag", lastTag);
    m.put("commits", commits);
    m.put("sites", sites.stream().map(VersionSite::toMap).toList());
    m.put("files", files);
    m.put("branch", branch);
    m.put("changelog", changelog);
    m.put("dryRun", dryRun);
    if (!refusals.isEmpty()) m.put("refusals", refusals);
    if (commit != null) m.put("commit", commit);
    return m;
  }

  public String text() {
    StringBuilder b = new StringBuilder();
    b.append(dryRun ? "Would release " : "Prepared ").append(to).append(" (").append(from).append(", ")
        .append(bump.name().toLowerCase(Locale.ROOT)).append(", ").append(commits).append(" commit")
        .append(commits == 1 ? "" : "s").append(" since ").append(lastTag == null ? "the start" : lastTag)
        .append(")\n");
    for (VersionSite s : sites) b.append("  ").append(s.file()).append("  ").append(s.where()).append('\n');
    b.append("  ").append(ChangelogWriter.FILE).append("  new section\n");
    if (dryRun) {
      b.append("Branch ").append(branch).append(" would be created; nothing was changed.\n");
      refusals.forEach(r -> b.append("Warning: ").append(r).append(": the real run would refuse.\n"));
    } else {
      b.append("On branch ").append(branch).append(", commit ").append(commit, 0, 12).append(".\n");
    }
    return b.append('\n').append(changelog).toString();
  }
}
