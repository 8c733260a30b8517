package dev.deploypipeline.release;

import dev.deploypipeline.changes.Changelog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds a release's section to a Keep a Changelog 1.1 file: {@code ## [V] - date} right after
 * {@code ## [Unreleased]}, with the entries a human wrote under Unreleased moved into it (first in their group) and
 * the commits' entries after them. When the file keeps compare links at the bottom, {@code [Unreleased]} is moved on
 * to the new tag and a link for V is added. Everything else in the file stays as it was.
 */
final class ChangelogWriter {
  static final String FILE = "CHANGELOG.md";
  private static final String HEADER = "# Changelog\n\nAll notable changes to this project are documented in this "
      + "file.\n\nThe format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),\nand this project "
      + "adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).\n\n## [Unreleased]\n";
  private static final Pattern UNRELEASED = Pattern.compile("^##\\s+\\[?unreleased]?\\s*$", Pattern.CASE_INSENSITIVE);
  private static final Pattern UNRELEASED_LINK = Pattern.compile(
      "^\\[unreleased]:\\s*(\\S+)/compare/(\\S+?)\\.\\.\\.(\\S+)\\s*$", Pattern.CASE_INSENSITIVE);
  private static final Pattern BODY_LINE = Pattern.compile("^(\\s*|###\\s+.+|\\s*[-*]\\s+.+)$");

  private ChangelogWriter() {}

  /** The section alone, as it is written. */
  static String section(String version, String date, Map<String, List<String>> groups) {
    StringBuilder b = new StringBuilder("## [").append(version).append("] - ").append(date).append('\n');
    for (String group : ReleaseNotes.GROUPS) {
      List<String> entries = groups.getOrDefault(group, List.of());
      if (entries.isEmpty()) continue;
      b.append("\n### ").append(group).append("\n\n");
      entries.forEach(e -> b.append("- ").append(e).append('\n'));
    }
    return b.toString();
  }

  /** {@code existing} (null: no file yet) with the release's section added. */
  static String insert(String existing, String version, String date, ReleaseNotes notes) {
    String text = existing == null || existing.isBlank() ? HEADER : existing;
    String nl = text.contains("\r\n") ? "\r\n" : "\n";
    List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
    int at = indexOf(lines, UNRELEASED);
    Map<String, List<String>> groups = new LinkedHashMap<>();
    int insertAt;
    if (at < 0) {
      // No Unreleased heading: the new section goes before the newest release, or last.
      insertAt = firstSection(lines, 0);
      if (insertAt < 0) insertAt = linksStart(lines);
    } else {
      int end = firstSection(lines, at + 1);
      if (end < 0) end = linksStart(lines);
      List<String> body = lines.subList(at + 1, end);
      insertAt = end;
      // Hand-written entries move into the release only when Unreleased holds nothing but groups and entries.
      if (body.stream().allMatch(l -> BODY_LINE.matcher(l).matches())) {
        Changelog.parse("## [Unreleased]\n" + String.join("\n", body)).sections().get(0).groups()
            .forEach((g, e) -> groups.put(g, new ArrayList<>(e)));
        body.clear();
        insertAt = at + 1;
      }
    }
    insertSection(lines, insertAt, section(version, date, merge(groups, notes.groups())));
    moveLinks(lines, version);
    return String.join(nl, lines);
  }

  private static Map<String, List<String>> merge(Map<String, List<String>> human, Map<String, List<String>> made) {
    made.forEach((g, e) -> human.computeIfAbsent(g, k -> new ArrayList<>()).addAll(e));
    return human;
  }

  /** Inserts the section's lines at {@code at}, with one blank line on each side. */
  private static void insertSection(List<String> lines, int at, String section) {
    List<String> add = new ArrayList<>(List.of(section.split("\n")));
    if (at > 0 && !lines.get(at - 1).isBlank()) add.add(0, "");
    if (at >= lines.size() || !lines.get(at).isBlank()) add.add("");
    lines.addAll(at, add);
  }

  private static void moveLinks(List<String> lines, String version) {
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = UNRELEASED_LINK.matcher(lines.get(i));
      if (!m.matches()) continue;
      String tag = "v" + version;
      String previous = m.group(2);
      lines.set(i, "[Unreleased]: " + m.group(1) + "/compare/" + tag + "..." + m.group(3));
      lines.add(i + 1, "[" + version + "]: " + m.group(1) + "/compare/" + previous + "..." + tag);
      return;
    }
  }

  private static int indexOf(List<String> lines, Pattern p) {
    for (int i = 0; i < lines.size(); i++) if (p.matcher(lines.get(i)).matches()) return i;
    return -1;
  }

  private static int firstSection(List<String> lines, int from) {
    for (int i = from; i < lines.size(); i++) if (lines.get(i).startsWith("## ")) return i;
    return -1;
  }

  /** Where the link references at the bottom start (the end when there are none). */
  private static int linksStart(List<String> lines) {
    int i = lines.size();
    while (i > 0 && (lines.get(i - 1).isBlank() || lines.get(i - 1).matches("^\\[[^]]+]:\\s*\\S+.*$"))) i--;
    return i;
  }
}
