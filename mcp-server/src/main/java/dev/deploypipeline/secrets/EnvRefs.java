package dev.deploypipeline.secrets;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}}, {@code ${VAR:-default}} and {@code $VAR} references in config strings. Values that may be secret
 * (commands, health and webhook URLs) are kept in this raw form in the config and expanded only where they are
 * used, so the expanded text never reaches anything that is recorded.
 */
public final class EnvRefs {
  private static final Pattern BRACED = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
  private static final Pattern ANY = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-=?+][^}]*)?}"
      + "|\\$([A-Za-z_][A-Za-z0-9_]*)");

  private EnvRefs() {}

  /** Every variable name {@code text} refers to, in any of the three forms. */
  public static Set<String> names(String text) {
    Set<String> out = new LinkedHashSet<>();
    if (text == null) return out;
    Matcher m = ANY.matcher(text);
    while (m.find()) {
      if (m.group(1) != null) out.add(m.group(1));
      else if (m.group(2) != null) out.add(m.group(2));
    }
    return out;
  }

  /** Told of each {@code ${VAR}} expanded, and whether it was unset without a default (it became empty). */
  @FunctionalInterface
  public interface Seen {
    void reference(String name, boolean unset);
  }

  /** {@code text} with {@code ${VAR}} and {@code ${VAR:-default}} replaced; an unset variable becomes empty. */
  public static String expand(String text, Function<String, String> env) {
    return expand(text, env, (name, unset) -> {});
  }

  public static String expand(String text, Function<String, String> env, Seen seen) {
    if (text == null || text.indexOf('$') < 0) return text;
    Matcher m = BRACED.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String rep;
      if (m.group().equals("$$")) {
        rep = "$";
      } else {
        String v = env.apply(m.group(1));
        if (v == null || (v.isEmpty() && m.group(2) != null)) v = m.group(2);
        seen.reference(m.group(1), v == null);
        rep = v == null ? "" : v;
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(rep));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
