package dev.deploypipeline.release;

import java.util.LinkedHashMap;
import java.util.Map;

/** The annotated tag release create made: the version, the tag, the commit it points at, and its message. */
public record Created(String version, String tag, String commit, String previousTag, ReleaseNotes notes,
    String message) {
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", version);
    m.put("tag", tag);
    m.put("commit", commit);
    if (previousTag != null) m.put("previousTag", previousTag);
    m.putAll(notes.toMap());
    m.put("message", message);
    return m;
  }

  public String text() {
    return "Tagged " + tag + " on " + commit.substring(0, 12) + " (notes since " + (previousTag == null
        ? "the first commit" : previousTag) + "). Push it with: git push origin " + tag + "\n\n" + message;
  }
}
