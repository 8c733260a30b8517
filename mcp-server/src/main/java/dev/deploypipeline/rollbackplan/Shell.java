package dev.deploypipeline.rollbackplan;

/** Bash quoting for values written into the plan's script. */
final class Shell {
  private Shell() {}

  /** {@code 'value'}, with embedded single quotes closed, escaped and reopened. */
  static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /** A heredoc delimiter that does not occur in {@code text} as a line of its own. */
  static String delimiter(String text, String base) {
    String d = base;
    int n = 0;
    while (text.lines().anyMatch(d::equals)) d = base + "_" + ++n;
    return d;
  }
}
