package dev.deploypipeline.release;

import dev.deploypipeline.changes.Commit;
import dev.deploypipeline.changes.ConventionalCommit.Bump;
import dev.deploypipeline.changes.SemVer;
import java.util.List;
import java.util.Locale;

/**
 * The next version from the current one and a bump type, or {@code auto}: the largest bump the Conventional
 * Commits since the last tag ask for ({@code !} or {@code BREAKING CHANGE} major, {@code feat} minor, anything else
 * patch). As semantic-release does, 0.x gets no special rules (a breaking change there makes 1.0.0); pass the type
 * to stay below 1.0. A pre-release is released by the bump it already anticipates (npm's rule): 1.3.0-SNAPSHOT
 * patch or minor is 1.3.0, 2.0.0-rc.1 major is 2.0.0.
 */
public final class NextVersion {
  public static final List<String> TYPES = List.of("major", "minor", "patch", "auto");

  private NextVersion() {}

  /** The bump {@code type} names; for {@code auto}, the largest the commits ask for. */
  public static Bump bump(String type, List<Commit> commits, String since) {
    if (!"auto".equals(type)) {
      if (!TYPES.contains(type)) {
        throw new ReleaseException("--type must be one of " + TYPES + ", got '" + type + "'", "pass --type patch, "
            + "minor, major or auto");
      }
      return Bump.valueOf(type.toUpperCase(Locale.ROOT));
    }
    if (commits.isEmpty()) {
      throw new ReleaseException("nothing to release: no commits since " + (since == null ? "the start" : since),
          "commit the changes to release first");
    }
    // Bump's order is most significant first, so the smallest ordinal is the largest bump.
    return commits.stream().map(c -> c.conventional().bump()).min(Enum::compareTo).orElseThrow();
  }

  public static SemVer next(SemVer current, Bump bump) {
    if (current.preRelease() == null) return current.bump(bump);
    SemVer release = new SemVer(current.major(), current.minor(), current.patch(), null, null);
    boolean anticipated = switch (bump) {
      case MAJOR -> current.minor() == 0 && current.patch() == 0;
      case MINOR -> current.patch() == 0;
      case PATCH -> true;
    };
    return anticipated ? release : release.bump(bump);
  }
}
