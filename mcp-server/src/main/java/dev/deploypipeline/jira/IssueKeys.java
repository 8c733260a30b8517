package dev.deploypipeline.jira;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The issue keys in commit messages and branch names, in order of first appearance, each once. A key must stand
 * on its own (so {@code xABC-12} and {@code ABC-123x} are not {@code ABC-12}/{@code ABC-123}); with a project
 * filter only keys of those projects count.
 */
public final class IssueKeys {
  private final Pattern pattern;
  private final Set<String> projects;

  public IssueKeys(String pattern, List<String> projects) {
    this.pattern = Pattern.compile("(?<![A-Za-z0-9])(?:" + pattern + ")(?![A-Za-z0-9])");
    this.projects = Set.copyOf(projects);
  }

  public static IssueKeys of(JiraConfig config) {
    return new IssueKeys(config.issuePatternOrDefault(), config.projectList());
  }

  public List<String> find(List<String> texts) {
    Set<String> out = new LinkedHashSet<>();
    for (String text : texts) {
      if (text == null) continue;
      Matcher m = pattern.matcher(text);
      while (m.find()) {
        String key = m.group();
        int dash = key.lastIndexOf('-');
        if (projects.isEmpty() || (dash > 0 && projects.contains(key.substring(0, dash)))) out.add(key);
      }
    }
    return new ArrayList<>(out);
  }
}
