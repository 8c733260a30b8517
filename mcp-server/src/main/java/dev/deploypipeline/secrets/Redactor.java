package dev.deploypipeline.secrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Masks known secret values in text before it reaches any sink (store, stage log, tool result, CLI output, stderr,
 * notification). Each value is matched as it is and in the forms it takes when echoed inside JSON, URLs and form
 * bodies, longest first so that a secret containing another is masked whole. A value is replaced by
 * {@code [redacted:NAME]} (names are not secret) or {@code [redacted]} when it has no name.
 */
public final class Redactor {
  /** Shorter values would mask ordinary words and numbers; they are documented as not protected. */
  public static final int MIN_LENGTH = 4;
  public static final String MASK = "[redacted]";

  public static final Redactor NONE = new Redactor(Map.of(), List.of());

  /** value → mask, as given; kept so that {@link #plus} can rebuild. */
  private final Map<String, String> secrets;
  private final List<Needle> needles;

  private record Needle(String text, String mask) {}

  private Redactor(Map<String, String> secrets, List<Needle> needles) {
    this.secrets = secrets;
    this.needles = needles;
  }

  /** Unnamed secret values (webhook URLs, passwords). */
  public static Redactor of(Collection<String> values) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String v : values) if (v != null) m.putIfAbsent(v, null);
    return named(m);
  }

  /** Secret values by value → variable name (the name may be null). */
  public static Redactor named(Map<String, String> valueToName) {
    Map<String, String> masks = new LinkedHashMap<>();
    valueToName.forEach((v, n) -> {
      if (v != null) masks.putIfAbsent(v, n == null ? MASK : "[redacted:" + n + "]");
    });
    return replacing(masks);
  }

  /** Secret values by value → what to show instead (e.g. the {@code ${NAME}} the value came from). */
  public static Redactor replacing(Map<String, String> valueToMask) {
    Map<String, String> kept = new LinkedHashMap<>();
    valueToMask.forEach((v, mask) -> {
      if (v != null && v.strip().length() >= MIN_LENGTH) kept.putIfAbsent(v, mask);
    });
    Map<String, String> forms = new LinkedHashMap<>();
    kept.forEach((v, mask) -> {
      for (String f : forms(v)) forms.putIfAbsent(f, mask);
    });
    List<Needle> list = new ArrayList<>();
    forms.forEach((f, mask) -> list.add(new Needle(f, mask)));
    list.sort(Comparator.comparingInt((Needle n) -> n.text().length()).reversed());
    return new Redactor(java.util.Collections.unmodifiableMap(kept), List.copyOf(list));
  }

  /** This redactor and {@code other}'s secrets together. */
  public Redactor plus(Redactor other) {
    if (other.secrets.isEmpty()) return this;
    if (secrets.isEmpty()) return other;
    if (secrets.keySet().containsAll(other.secrets.keySet())) return this;
    Map<String, String> all = new LinkedHashMap<>(secrets);
    other.secrets.forEach(all::putIfAbsent);
    return replacing(all);
  }

  public Redactor plus(Collection<String> values) {
    return plus(of(values));
  }

  public boolean isEmpty() {
    return needles.isEmpty();
  }

  public String redact(String text) {
    if (text == null || needles.isEmpty() || text.isEmpty()) return text;
    String out = text;
    for (Needle n : needles) {
      if (out.contains(n.text())) out = out.replace(n.text(), n.mask());
    }
    return out;
  }

  /**
   * Each form of {@code value} (as it is, JSON-escaped, URL-encoded, …) that this redactor masks, with its mask:
   * what a filter outside this process (an instance's log) needs to mask that value the same way.
   */
  public Map<String, String> maskedForms(String value) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value == null) return out;
    for (String f : forms(value)) {
      String m = redact(f);
      if (!m.equals(f)) out.put(f, m);
    }
    return out;
  }

  /** The value and how it looks once escaped for JSON, URL-encoded, or split into a URL's path and query. */
  private static List<String> forms(String s) {
    List<String> out = new ArrayList<>();
    out.add(s);
    out.add(s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t"));
    out.add(s.replace("/", "\\/"));
    String form = URLEncoder.encode(s, StandardCharsets.UTF_8);
    out.add(form);
    out.add(form.replace("+", "%20"));
    out.add(URLEncoder.encode(form, StandardCharsets.UTF_8));
    int scheme = s.indexOf("://");
    if (scheme > 0) {
      int q = s.indexOf('?');
      // A URL's query (Teams' sig=) and its path (Slack's token) are secrets on their own too.
      if (q > 0 && s.length() - q > 8) out.add(s.substring(q + 1));
      int path = s.indexOf('/', scheme + 3);
      if (path > 0 && s.length() - path > 8) out.add(s.substring(path));
    }
    return out.stream().filter(f -> f.length() >= MIN_LENGTH).distinct().toList();
  }
}
