package dev.deploypipeline.release;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a version is declared: a file (relative to the project), what declares it there ({@code project/version},
 * {@code [package].version}, ...) and the exact characters {@code [start, end)} of the version text in the file,
 * found by that format's parser. Bumping replaces exactly those characters, so everything around them survives.
 */
public record VersionSite(String file, String where, int start, int end, String version) {
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", file);
    m.put("where", where);
    m.put("version", version);
    return m;
  }

  /** The site of {@code version} at {@code [start, start + length)} of {@code text}, checked against the text. */
  static VersionSite at(String file, String where, String text, int start, String version) {
    int end = start + version.length();
    if (start < 0 || end > text.length() || !text.substring(start, end).equals(version)) {
      throw new ReleaseException(file + ": " + where + " is '" + version + "' but the text at the place the parser "
          + "gave does not read so (an entity, comment or escape inside the value?)",
          "write the version as plain text in " + file + ", or bump it by hand");
    }
    return new VersionSite(file, where, start, end, version);
  }
}
