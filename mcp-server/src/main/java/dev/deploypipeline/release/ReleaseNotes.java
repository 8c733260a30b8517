package dev.deploypipeline.release;

import dev.deploypipeline.changes.Commit;
import dev.deploypipeline.changes.ConventionalCommit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Commits grouped as Keep a Changelog groups them: {@code feat} Added, {@code fix} Fixed, {@code perf},
 * {@code refactor}, {@code revert} and messages that are not Conventional Commits Changed, {@code deprecate}
 * Deprecated, {@code remove} Removed, {@code security} Security. Housekeeping ({@code chore}, {@code ci},
 * {@code test}, {@code build}, {@code style}, {@code docs}) is left out unless it breaks something. A breaking
 * change is marked. The same groups make the release notes, the tag message and the changelog section.
 */
public record ReleaseNotes(Map<String, List<String>> groups, int commits, int hidden) {
  /** Keep a Changelog's groups, in its order. */
  public static final List<String> GROUPS = List.of("Added", "Changed", "Deprecated", "Removed", "Fixed",
      "Security");
  private static final Set<String> HOUSEKEEPING = Set.of("chore", "ci", "test", "tests", "build", "style", "docs");

  /** The groups of {@code commits} (newest first, as git lists them); entries oldest first, as they happened. */
  public static ReleaseNotes of(List<Commit> commits) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    GROUPS.forEach(g -> groups.put(g, new ArrayList<>()));
    int hidden = 0;
    List<Commit> oldestFirst = new ArrayList<>(commits);
    java.util.Collections.reverse(oldestFirst);
    for (Commit c : oldestFirst) {
      String group = group(c.conventional());
      if (group == null) {
        hidden++;
        continue;
      }
      groups.get(group).add(entry(c));
    }
    groups.values().removeIf(List::isEmpty);
    return new ReleaseNotes(groups, commits.size(), hidden);
  }

  static String group(ConventionalCommit cc) {
    if (!cc.conventional()) return "Changed";
    return switch (cc.type()) {
      case "feat" -> "Added";
      case "fix" -> "Fixed";
      case "deprecate" -> "Deprecated";
      case "remove" -> "Removed";
      case "security", "sec" -> "Security";
      default -> HOUSEKEEPING.contains(cc.type()) && !cc.breaking() ? null : "Changed";
    };
  }

  private static String entry(Commit c) {
    ConventionalCommit cc = c.conventional();
    return (cc.breaking() ? "**BREAKING:** " : "") + (cc.scope() == null ? "" : "**" + cc.scope() + ":** ")
        + cc.description() + " (" + c.shortSha() + ")";
  }

  public boolean empty() {
    return groups.isEmpty();
  }

  /** The groups as markdown ({@code ### Added}, a blank line, entries); one line when there are none. */
  public String markdown() {
    if (empty()) {
      return "No user-facing changes (" + commits + " commit" + (commits == 1 ? "" : "s") + " of housekeeping).\n";
    }
    StringBuilder b = new StringBuilder();
    groups.forEach((group, entries) -> {
      if (!b.isEmpty()) b.append('\n');
      b.append("### ").append(group).append("\n\n");
      entries.forEach(e -> b.append("- ").append(e).append('\n'));
    });
    return b.toString();
  }

  /** Release notes under a heading: {@code ## heading}, a blank line, the groups. */
  public String markdown(String heading) {
    return "## " + heading + "\n\n" + markdown();
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("groups", groups);
    m.put("commits", commits);
    m.put("housekeeping", hidden);
    return m;
  }
}
