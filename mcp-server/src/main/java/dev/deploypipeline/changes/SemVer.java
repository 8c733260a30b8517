package dev.deploypipeline.changes;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version (semver.org 2.0): {@code MAJOR.MINOR.PATCH[-pre][+build]}, read with or without a leading
 * {@code v} as tags often carry it. Ordered by precedence; build metadata is kept but never compared.
 */
public record SemVer(int major, int minor, int patch, String preRelease, String build) implements Comparable<SemVer> {
  private static final Pattern FORM = Pattern.compile(
      "v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-([0-9A-Za-z.-]+))?(?:\\+([0-9A-Za-z.-]+))?");

  public static Optional<SemVer> parse(String text) {
    if (text == null) return Optional.empty();
    Matcher m = FORM.matcher(text.strip());
    if (!m.matches()) return Optional.empty();
    try {
      return Optional.of(new SemVer(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)), m.group(4), m.group(5)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The next release of {@code part}; lower parts reset and any pre-release or build is dropped. */
  public SemVer bump(ConventionalCommit.Bump part) {
    return switch (part) {
      case MAJOR -> new SemVer(major + 1, 0, 0, null, null);
      case MINOR -> new SemVer(major, minor + 1, 0, null, null);
      case PATCH -> new SemVer(major, minor, patch + 1, null, null);
    };
  }

  @Override
  public int compareTo(SemVer o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) c = Integer.compare(minor, o.minor);
    if (c == 0) c = Integer.compare(patch, o.patch);
    if (c != 0) return c;
    // A pre-release sorts before its release (1.0.0-rc.1 < 1.0.0).
    if (preRelease == null || o.preRelease == null) {
      return preRelease == null ? (o.preRelease == null ? 0 : 1) : -1;
    }
    return comparePreRelease(preRelease, o.preRelease);
  }

  private static int comparePreRelease(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      boolean nx = x[i].matches("\\d+");
      boolean ny = y[i].matches("\\d+");
      int c = nx && ny ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]))
          : nx ? -1 : ny ? 1 : x[i].compareTo(y[i]);
      if (c != 0) return c;
    }
    return Integer.compare(x.length, y.length);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch + (preRelease == null ? "" : "-" + preRelease)
        + (build == null ? "" : "+" + build);
  }
}
