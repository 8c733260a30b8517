package dev.deploypipeline.text;

/** Text made safe to place in HTML, as element content or a quoted attribute value (e-mails, dashboard pages). */
public final class HtmlText {
  private HtmlText() {}

  /** {@code <>&"'} escaped; null becomes the empty string. */
  public static String escape(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
