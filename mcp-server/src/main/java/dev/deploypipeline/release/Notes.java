package dev.deploypipeline.release;

import java.util.LinkedHashMap;
import java.util.Map;

/** Release notes for the commits in {@code (from, to]}, grouped, and as markdown. */
public record Notes(String from, String to, ReleaseNotes notes, String markdown) {
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (from != null) m.put("from", from);
    m.put("to", to);
    m.putAll(notes.toMap());
    m.put("markdown", markdown);
    return m;
  }
}
