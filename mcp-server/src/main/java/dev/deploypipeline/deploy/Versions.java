package dev.deploypipeline.deploy;

import dev.deploypipeline.text.DidYouMean;
import dev.deploypipeline.workflow.DeploymentSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A version names a commit: the commit a deployment recorded under that version, else the git tag {@code v<V>} or
 * {@code <V>}. A deployment record wins over a tag so that what was tested under a name is what ships under it,
 * even if the tag was moved since.
 */
public final class Versions {
  /** What a version may look like: a tag-like name, never an option or a revision expression. */
  public static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,99}");
  /** How many near names an unknown version's error offers. */
  static final int NEAREST = 5;

  /**
   * The commit {@code version} names, where that came from ("deployment d-3", "tag v1.4.2"), and the ref it is
   * deployed as (the recording deployment's branch, or the tag): what stage commands see as BRANCH.
   */
  public record Resolved(String version, String commit, String source, String ref) {}

  private Versions() {}

  /**
   * Resolves {@code version} against {@code history} (newest first) and the tags of the git repository at
   * {@code projectDir}; a caller-fixable error naming the nearest known versions when neither knows it.
   */
  public static Resolved resolve(Path projectDir, List<DeploymentSummary> history, String version) {
    if (version == null || !VERSION.matcher(version).matches()) {
      throw new DeployException(DeployException.Kind.BAD_INPUT, "version: '" + clip(version) + "' is not a version "
          + "(letters, digits, . _ + -, starting with a letter or digit, e.g. 1.4.2)",
          "pass a version a deployment recorded (see the history) or a git tag such as v1.4.2");
    }
    for (DeploymentSummary s : history) {
      if (version.equals(s.version()) && s.commit() != null) {
        return new Resolved(version, s.commit(), "deployment " + s.id(), s.branch());
      }
    }
    if (Git.isRepository(projectDir)) {
      for (String tag : List.of("v" + version, version)) {
        String commit = Git.resolveCommit(projectDir, "refs/tags/" + tag);
        if (commit != null) return new Resolved(version, commit, "tag " + tag, tag);
      }
    }
    List<String> near = DidYouMean.nearest(version, known(projectDir, history), NEAREST);
    throw new DeployException(DeployException.Kind.NOT_FOUND, "version " + version + " is unknown: no deployment "
        + "recorded it and there is no git tag v" + version + " or " + version
        + (near.isEmpty() ? " (no version is recorded and the repository has no tags)"
            : "; nearest known: " + String.join(", ", near)),
        "deploy one of the known versions, or tag the commit first (git tag v" + version + " <commit>)",
        java.util.Map.of("nearestVersions", near));
  }

  /** Every name a version could be given by: recorded versions, then tags (with their leading v dropped too). */
  static List<String> known(Path projectDir, List<DeploymentSummary> history) {
    Set<String> names = new LinkedHashSet<>();
    history.stream().map(DeploymentSummary::version).filter(v -> v != null).forEach(names::add);
    String tags = Git.isRepository(projectDir) ? Git.run(projectDir, "tag", "--list") : null;
    if (tags != null) {
      for (String t : tags.split("\n")) {
        if (t.isBlank()) continue;
        names.add(t.matches("v\\d.*") ? t.substring(1) : t);
      }
    }
    return new ArrayList<>(names);
  }

  private static String clip(String s) {
    return s == null ? "" : s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
