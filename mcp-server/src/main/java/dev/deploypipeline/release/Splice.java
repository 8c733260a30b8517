package dev.deploypipeline.release;

import java.util.Comparator;
import java.util.List;

/** Replaces the version characters of each site in a file's original text; every other character stays as it was. */
final class Splice {
  private Splice() {}

  static String apply(String text, List<VersionSite> sites, String newVersion) {
    StringBuilder out = new StringBuilder(text);
    // From the end backwards, so the offsets of the sites still to do stay valid.
    for (VersionSite s : sites.stream().sorted(Comparator.comparingInt(VersionSite::start).reversed()).toList()) {
      out.replace(s.start(), s.end(), newVersion);
    }
    return out.toString();
  }
}
