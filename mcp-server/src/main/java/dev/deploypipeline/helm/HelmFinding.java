package dev.deploypipeline.helm;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One problem the checks found: in which file (relative to the project directory) and, where helm or the YAML
 * says, at which line and column; the rule, how bad, what and how to fix it, and the environments whose values
 * showed it (empty when it does not depend on them).
 */
public record HelmFinding(String file, Integer line, Integer column, String ruleId, Level severity, String message,
    String hint, List<String> environments) {

  public enum Level {
    ERROR, WARNING;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public HelmFinding {
    environments = List.copyOf(environments);
  }

  static final Comparator<HelmFinding> ORDER = Comparator.comparing(HelmFinding::file)
      .thenComparing(HelmFinding::line, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(HelmFinding::column, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(HelmFinding::ruleId)
      .thenComparing(HelmFinding::message);

  HelmFinding withEnvironments(List<String> envs) {
    return new HelmFinding(file, line, column, ruleId, severity, message, hint, envs);
  }

  /** {@code file:line:col  severity  ruleId  message [envs] (hint)}, the form editors and terminals link. */
  public String render() {
    String where = file + (line == null ? "" : ":" + line + (column == null ? "" : ":" + column));
    String envs = environments.isEmpty() ? "" : " [" + String.join(", ", environments) + "]";
    String base = where + "  " + severity.label() + "  " + ruleId + "  " + message + envs;
    return hint == null || hint.isBlank() ? base : base + " (" + hint + ")";
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", file);
    if (line != null) m.put("line", line);
    if (column != null) m.put("column", column);
    m.put("ruleId", ruleId);
    m.put("severity", severity.label());
    m.put("message", message);
    if (hint != null) m.put("hint", hint);
    m.put("environments", environments);
    return m;
  }
}
