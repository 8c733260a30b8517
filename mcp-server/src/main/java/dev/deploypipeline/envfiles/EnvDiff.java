package dev.deploypipeline.envfiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keys across environments: where each is set (plain or encrypted) or absent, and whether the plain values are
 * the same everywhere it is set. Values are compared, never shown; encrypted values are not opened, so their
 * comparison is {@code unknown}.
 */
public record EnvDiff(List<String> environments, List<Row> keys) implements EnvReport {
  public static final String PLAIN = "plain";
  public static final String ENCRYPTED = "encrypted";
  public static final String ABSENT = "absent";

  /** {@code values}: same, differ, unknown (an encrypted value is involved) or single (set in one environment). */
  public record Row(String key, Map<String, String> presence, String values) {
    public boolean missingSomewhere() {
      return presence.containsValue(ABSENT);
    }

    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", key);
      m.put("presence", presence);
      m.put("values", values);
      return m;
    }
  }

  public static EnvDiff of(Path projectDir, List<String> only) {
    List<EnvSource> sources = EnvSelection.sources(projectDir, only);
    List<EnvDoc> docs = sources.stream().map(s -> EnvDoc.read(projectDir, s)).toList();
    Set<String> keys = new LinkedHashSet<>();
    docs.forEach(d -> keys.addAll(d.keys()));
    List<Row> rows = new ArrayList<>();
    for (String k : keys) {
      Map<String, String> presence = new LinkedHashMap<>();
      Set<String> plainValues = new LinkedHashSet<>();
      int set = 0;
      boolean encrypted = false;
      for (EnvDoc d : docs) {
        String v = d.value(k);
        String p = v == null ? ABSENT : EnvDoc.encrypted(v) ? ENCRYPTED : PLAIN;
        presence.put(d.source().environment(), p);
        if (v != null) set++;
        if (p.equals(ENCRYPTED)) encrypted = true;
        if (p.equals(PLAIN)) plainValues.add(v);
      }
      String values = set <= 1 ? "single" : encrypted ? "unknown" : plainValues.size() == 1 ? "same" : "differ";
      rows.add(new Row(k, presence, values));
    }
    return new EnvDiff(sources.stream().map(EnvSource::environment).toList(), rows);
  }

  @Override
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("environments", environments);
    m.put("keys", keys.stream().map(Row::toMap).toList());
    m.put("missing", keys.stream().filter(Row::missingSomewhere).count());
    m.put("differ", keys.stream().filter(r -> Objects.equals(r.values(), "differ")).count());
    return m;
  }

  @Override
  public String text() {
    if (environments.isEmpty()) return "no env files (.env, .env.NAME) in the project";
    StringBuilder sb = new StringBuilder(String.format("%-28s", "KEY"));
    environments.forEach(e -> sb.append(String.format(" %-10s", e)));
    sb.append(" VALUES\n");
    for (Row r : keys) {
      sb.append(String.format("%-28s", r.key()));
      r.presence().values().forEach(p -> sb.append(String.format(" %-10s", p.equals(ABSENT) ? "-" : p)));
      sb.append(' ').append(r.values()).append('\n');
    }
    long missing = keys.stream().filter(Row::missingSomewhere).count();
    sb.append(keys.size()).append(" key(s) across ").append(environments.size()).append(" environment(s); ")
        .append(missing).append(" missing somewhere; values are compared, never shown");
    return sb.toString();
  }
}
