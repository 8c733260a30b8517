package dev.deploypipeline.notify;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Scrubs known secret values (webhook URLs, SMTP passwords) from text before it reaches a log, an exception, the
 * audit trail or tool output. Exact values are matched, plus the forms they take inside JSON and URLs, because
 * error bodies and exception messages echo requests in those forms.
 */
public final class Redactor {
  public static final String MASK = "***";
  /** Shorter values would mask ordinary words. */
  private static final int MIN_SECRET_LENGTH = 6;

  public static final Redactor NONE = new Redactor(List.of());

  private final List<String> needles;

  private Redactor(List<String> needles) {
    this.needles = needles;
  }

  public static Redactor of(Collection<String> secrets) {
    Set<String> all = new LinkedHashSet<>();
    for (String s : secrets) {
      if (s == null || s.length() < MIN_SECRET_LENGTH) continue;
      all.add(s);
      all.add(s.replace("/", "\\/"));
      all.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
      int q = s.indexOf('?');
      // A URL's query (Teams' sig=) and its path (Slack's token) are secrets on their own too.
      if (q > 0 && s.length() - q > MIN_SECRET_LENGTH) all.add(s.substring(q + 1));
      int path = s.indexOf('/', s.indexOf("://") + 3);
      if (s.contains("://") && path > 0 && s.length() - path > MIN_SECRET_LENGTH) all.add(s.substring(path));
    }
    List<String> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return new Redactor(List.copyOf(sorted));
  }

  public Redactor plus(Collection<String> more) {
    List<String> all = new ArrayList<>(needles);
    all.addAll(more);
    return of(all);
  }

  public String redact(String text) {
    if (text == null || needles.isEmpty()) return text;
    String out = text;
    for (String n : needles) out = out.replace(n, MASK);
    return out;
  }
}
