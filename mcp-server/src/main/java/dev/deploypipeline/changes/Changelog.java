package dev.deploypipeline.changes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A changelog in the Keep a Changelog 1.1 layout, read: {@code ## [version] - date} sections (and
 * {@code ## [Unreleased]}), each with {@code ### Added}, {@code ### Fixed}, ... groups of {@code - } entries.
 * Lines in other shapes are kept under the group they follow, so nothing a human wrote is dropped.
 */
public final class Changelog {
  private static final Pattern SECTION =
      Pattern.compile("^##\\s+\\[?([^\\]\\s]+)\\]?(?:\\s+-\\s+(\\d{4}-\\d{2}-\\d{2}))?.*$");
  private static final Pattern GROUP = Pattern.compile("^###\\s+(.+?)\\s*$");
  private static final Pattern ENTRY = Pattern.compile("^\\s*[-*]\\s+(.+)$");

  /** One version's section: its groups ("Added", "Fixed", ...) in file order, each with its entries. */
  public record Section(String version, String date, Map<String, List<String>> groups) {
    public boolean unreleased() {
      return "unreleased".equalsIgnoreCase(version);
    }

    public int entryCount() {
      return groups.values().stream().mapToInt(List::size).sum();
    }
  }

  private final List<Section> sections;

  private Changelog(List<Section> sections) {
    this.sections = List.copyOf(sections);
  }

  /** The changelog at {@code file}; an empty one when the file does not exist. */
  public static Changelog read(Path file) throws IOException {
    return Files.exists(file) ? parse(Files.readString(file, StandardCharsets.UTF_8)) : new Changelog(List.of());
  }

  public static Changelog parse(String text) {
    List<Section> out = new ArrayList<>();
    String version = null;
    String date = null;
    Map<String, List<String>> groups = null;
    String group = "Changed";
    for (String line : text.split("\\R")) {
      Matcher s = SECTION.matcher(line);
      if (line.startsWith("## ") && s.matches()) {
        if (version != null) out.add(new Section(version, date, groups));
        version = s.group(1);
        date = s.group(2);
        groups = new LinkedHashMap<>();
        group = "Changed";
        continue;
      }
      if (version == null) continue;
      Matcher g = GROUP.matcher(line);
      if (g.matches()) {
        group = g.group(1);
        continue;
      }
      Matcher e = ENTRY.matcher(line);
      if (e.matches()) groups.computeIfAbsent(group, k -> new ArrayList<>()).add(e.group(1).strip());
    }
    if (version != null) out.add(new Section(version, date, groups));
    return new Changelog(out);
  }

  public List<Section> sections() {
    return sections;
  }

  /**
   * The released sections after {@code running} up to and including {@code candidate}, newest first: what a deploy
   * of {@code candidate} over {@code running} brings. Versions that are not semantic versions are left out;
   * {@code running} null or not a semantic version (a commit) means everything up to {@code candidate}.
   */
  public List<Section> between(String running, String candidate) {
    SemVer to = SemVer.parse(candidate).orElse(null);
    if (to == null) return List.of();
    SemVer from = running == null ? null : SemVer.parse(running).orElse(null);
    List<Section> out = new ArrayList<>();
    for (Section s : sections) {
      SemVer v = SemVer.parse(s.version()).orElse(null);
      if (v != null && v.compareTo(to) <= 0 && (from == null || v.compareTo(from) > 0)) out.add(s);
    }
    return out;
  }
}
