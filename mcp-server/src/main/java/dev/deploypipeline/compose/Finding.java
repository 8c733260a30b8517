package dev.deploypipeline.compose;

import java.util.Comparator;

/** One problem at a 1-based line and column of a file, with the rule that found it and how to fix it. */
public record Finding(
    String file, int line, int column, String ruleId, Severity severity, String message, String hint) {

  public static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::file)
          .thenComparingInt(Finding::line)
          .thenComparingInt(Finding::column)
          .thenComparing(Finding::ruleId)
          .thenComparing(Finding::message);

  /** {@code file:line:col  severity  ruleId  message (hint)}, the form editors and terminals link. */
  public String render() {
    String base = file + ":" + line + ":" + column + "  " + severity.label() + "  " + ruleId + "  " + message;
    return hint == null || hint.isBlank() ? base : base + " (" + hint + ")";
  }
}
