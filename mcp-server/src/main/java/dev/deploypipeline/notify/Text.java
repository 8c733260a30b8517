package dev.deploypipeline.notify;

import java.util.function.UnaryOperator;

/** Length limits applied without breaking a character (surrogate pair) and with a visible marker. */
final class Text {
  private Text() {}

  static String nullToDash(String s) {
    return s == null || s.isBlank() ? "-" : s;
  }

  /** At most {@code max} chars, keeping the start: for titles and field values. */
  static String head(String s, int max) {
    if (s == null || s.length() <= max) return s;
    int cut = max - 1;
    if (cut > 0 && Character.isHighSurrogate(s.charAt(cut - 1))) cut--;
    return s.substring(0, Math.max(0, cut)) + "…";
  }

  /**
   * At most {@code max} chars, keeping the end: the end of a failure log says what broke. The marker says how
   * much was cut.
   */
  static String tail(String s, int max) {
    if (s == null || s.length() <= max) return s;
    String marker = "…(" + (s.length() - max) + " earlier characters cut)\n";
    int keep = max - marker.length() - 4;  // room for the cut count growing by digits
    if (keep <= 0) return head(s, max);
    int from = s.length() - keep;
    if (Character.isLowSurrogate(s.charAt(from))) from++;
    String kept = s.substring(from);
    return "…(" + (s.length() - kept.length()) + " earlier characters cut)\n" + kept;
  }

  /**
   * {@link #tail} applied before an escaping that can lengthen the text, shrinking until the escaped result fits;
   * truncating after escaping could cut an entity in half.
   */
  static String tailEscaped(String raw, int max, UnaryOperator<String> escape) {
    if (raw == null) return null;
    int budget = max;
    while (true) {
      String out = escape.apply(tail(raw, budget));
      if (out.length() <= max) return out;
      if (budget <= 64) return escape.apply(tail(raw, 1)).length() <= max ? escape.apply(tail(raw, 1)) : "";
      // Shrink in proportion to the overflow, so text that escaping quadruples converges in a few rounds.
      budget = Math.max(64, Math.min(budget - 1, (int) ((long) budget * max / out.length())));
    }
  }

  /** One line, for headers and subjects: CR/LF would let text forge a header. */
  static String oneLine(String s) {
    return s == null ? null : s.replaceAll("[\\r\\n\\t]+", " ").strip();
  }
}
