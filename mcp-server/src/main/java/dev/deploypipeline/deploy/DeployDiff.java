package dev.deploypipeline.deploy;

import dev.deploypipeline.changes.Changelog;
import dev.deploypipeline.changes.Commit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What deploying {@code candidate} to {@code environment} changes over what runs there: the commits it brings (and
 * those it takes away, for a step back), the config changes, and the changelog sections. Built by
 * {@link DeployDiffs}; {@link #toMap()} is the shape of {@code deploy_diff} and {@code deploy diff --json}.
 *
 * @param running what runs in the environment now, or null when nothing does
 * @param commits commits in the candidate and not running, newest first, at most {@link DeployDiffs#MAX_COMMITS}
 * @param commitCount how many there are in all
 * @param leaving commits running now that the candidate does not have (a rollback or another branch)
 */
public record DeployDiff(String environment, Side running, Side candidate, List<Commit> commits, int commitCount,
    List<Commit> leaving, int leavingCount, List<ConfigChanges.Change> config, String configFile,
    List<Changelog.Section> changelog, List<String> notes) {

  /**
   * One end of the diff. {@code deploymentId} is the deployment that runs it (null for a tag or commit);
   * {@code source} says where the candidate came from (e.g. "current in staging", "--version 1.4.0", "HEAD").
   */
  public record Side(String version, String commit, String deploymentId, String source) {
    public String shortCommit() {
      return commit == null ? "-" : commit.substring(0, Math.min(12, commit.length()));
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("version", version);
      m.put("commit", commit);
      if (deploymentId != null) m.put("deploymentId", deploymentId);
      if (source != null) m.put("source", source);
      return m;
    }

    String label() {
      String v = version == null || version.equals(shortCommit()) ? shortCommit() : version + " @ " + shortCommit();
      return deploymentId == null ? v : v + ", " + deploymentId;
    }
  }

  public boolean same() {
    return running != null && candidate.commit() != null && candidate.commit().equals(running.commit());
  }

  /** Commits by Conventional Commit type ("other" for the rest), in a stable order. */
  public Map<String, Integer> byType() {
    Map<String, Integer> out = new TreeMap<>();
    for (Commit c : commits) out.merge(typeOf(c), 1, Integer::sum);
    return out;
  }

  /** The commit's Conventional Commit type, or "other". */
  public static String typeOf(Commit c) {
    return c.conventional().conventional() ? c.conventional().type() : "other";
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("environment", environment);
    m.put("running", running == null ? null : running.toMap());
    m.put("candidate", candidate.toMap());
    m.put("same", same());
    m.put("commitCount", commitCount);
    m.put("byType", byType());
    m.put("breaking", commits.stream().filter(c -> c.conventional().breaking()).count());
    m.put("commits", commits.stream().map(DeployDiff::commitView).toList());
    if (leavingCount > 0) {
      m.put("leavingCount", leavingCount);
      m.put("leaving", leaving.stream().map(DeployDiff::commitView).toList());
    }
    m.put("configFile", configFile);
    m.put("configChanges", config.stream().map(ConfigChanges.Change::toMap).toList());
    m.put("changelog", changelog.stream().map(s -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("version", s.version());
      if (s.date() != null) x.put("date", s.date());
      x.put("groups", s.groups());
      return x;
    }).toList());
    m.put("notes", notes);
    m.put("summary", summary());
    return m;
  }

  private static Map<String, Object> commitView(Commit c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sha", c.shortSha());
    m.put("subject", c.subject());
    m.put("author", c.author());
    m.put("type", typeOf(c));
    if (c.conventional().scope() != null) m.put("scope", c.conventional().scope());
    if (c.conventional().breaking()) m.put("breaking", true);
    return m;
  }

  /** Three to five lines for an approval form or a notification: versions, commits by type, config, changelog. */
  public String summary() {
    List<String> lines = new ArrayList<>();
    lines.add(environment + ": " + (running == null ? "nothing running" : running.label()) + " → "
        + candidate.label());
    if (same()) {
      lines.add("No change: " + environment + " already runs this commit.");
      return String.join("\n", lines);
    }
    StringBuilder c = new StringBuilder(commitCount + (commitCount == 1 ? " commit" : " commits"));
    if (commitCount > 0) {
      List<String> parts = new ArrayList<>();
      byType().forEach((t, n) -> parts.add(n + " " + t));
      c.append(": ").append(String.join(", ", parts));
      long breaking = commits.stream().filter(x -> x.conventional().breaking()).count();
      if (breaking > 0) c.append(" (").append(breaking).append(" breaking)");
      if (commitCount > commits.size()) c.append(" (types of the newest ").append(commits.size()).append(")");
    }
    if (leavingCount > 0) c.append("; ").append(leavingCount).append(" running commit(s) go away");
    lines.add(c.toString());
    long secrets = config.stream().filter(ConfigChanges.Change::secret).count();
    lines.add(config.size() + (config.size() == 1 ? " config change" : " config changes")
        + (secrets > 0 ? " (" + secrets + " secret, names only)" : "")
        + (config.isEmpty() ? "" : ": " + String.join("; ", config.stream().limit(3)
            .map(x -> x.scope() + " " + x.key() + " " + x.change()).toList()) + (config.size() > 3 ? "; …" : "")));
    for (Changelog.Section s : changelog.stream().limit(2).toList()) {
      List<String> entries = new ArrayList<>();
      s.groups().forEach((g, es) -> es.forEach(e -> entries.add(g + ": " + e)));
      lines.add("Changelog " + s.version() + ": " + String.join("; ", entries.stream().limit(3).toList())
          + (entries.size() > 3 ? "; …" : ""));
    }
    return String.join("\n", lines);
  }
}
