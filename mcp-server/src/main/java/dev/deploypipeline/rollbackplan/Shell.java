package dev.deploypipeline.rollbackplan;

/** Bash quoting for values written into the plan's script. */
final class Shell {
  private Shell() {}

  /** {@code 'value'}, with embedded single quotes closed, escaped and reopened. */
  static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /**
   * A config value that may hold {@code ${VAR}} or {@code ${VAR:-default}} (the config's syntax, which is bash's):
   * double-quoted so that bash expands those when the script runs, with every other {@code $}, quote, backslash and
   * backtick escaped. The plan never expands them itself, so a variable's value (perhaps a secret) stays out of it.
   */
  static String expanding(String value) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '$' && value.startsWith("$$", i)) {
        sb.append("\\$");
        i++;
      } else if (c == '$' && !value.startsWith("${", i) || c == '"' || c == '\\' || c == '`') {
        sb.append('\\').append(c);
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /** A heredoc delimiter that does not occur in {@code text} as a line of its own. */
  static String delimiter(String text, String base) {
    String d = base;
    int n = 0;
    while (text.lines().anyMatch(d::equals)) d = base + "_" + ++n;
    return d;
  }
}
