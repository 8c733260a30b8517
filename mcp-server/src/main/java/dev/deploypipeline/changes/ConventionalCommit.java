package dev.deploypipeline.changes;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A commit message read by the Conventional Commits 1.0 grammar: {@code type(scope)!: description}, with a
 * {@code BREAKING CHANGE:} (or {@code BREAKING-CHANGE:}) footer also marking a breaking change. A subject that does
 * not follow the grammar is kept with type {@code null}, so callers can list it as "other" instead of losing it.
 */
public record ConventionalCommit(String type, String scope, boolean breaking, String description) {
  private static final Pattern HEADER =
      Pattern.compile("^([A-Za-z]+)(?:\\(([^()\\r\\n]*)\\))?(!)?: ?(.+)$");
  private static final Pattern BREAKING_FOOTER = Pattern.compile("(?m)^BREAKING[ -]CHANGE: ");

  /** Reads {@code subject} (the first line) and {@code body} (the rest, may be null). */
  public static ConventionalCommit parse(String subject, String body) {
    String s = subject == null ? "" : subject.strip();
    boolean footer = body != null && BREAKING_FOOTER.matcher(body).find();
    Matcher m = HEADER.matcher(s);
    if (!m.matches()) return new ConventionalCommit(null, null, footer, s);
    String scope = m.group(2) == null || m.group(2).isBlank() ? null : m.group(2).strip();
    return new ConventionalCommit(m.group(1).toLowerCase(Locale.ROOT), scope, m.group(3) != null || footer,
        m.group(4).strip());
  }

  public boolean conventional() {
    return type != null;
  }

  /** The semver part this commit asks to bump: major for a breaking change, minor for a feature, else patch. */
  public Bump bump() {
    if (breaking) return Bump.MAJOR;
    return "feat".equals(type) ? Bump.MINOR : Bump.PATCH;
  }

  /** The parts of a semantic version, most significant first. */
  public enum Bump { MAJOR, MINOR, PATCH }
}
