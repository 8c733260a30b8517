package dev.deploypipeline.deploy;

import dev.deploypipeline.secrets.SecretDetector;
import dev.deploypipeline.secrets.Redaction;
import dev.deploypipeline.secrets.SecretNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What changes in the pipeline config between two commits, for one environment: the keys of its own section and the
 * global keys (other environments' sections are not this deploy's business), each added, removed or changed. A
 * value is shown only when neither its key nor the value looks secret ({@link SecretDetector}); the names listed
 * under {@code secrets} are reported one by one, as names. Values are never needed to say that something changed.
 */
public final class ConfigChanges {
  public static final String GLOBAL = "global";
  private static final Pattern WORDS = Pattern.compile("[\\s=:'\"]+");

  /**
   * One changed key. {@code scope} is {@link #GLOBAL} or the environment; {@code key} is the dotted path inside it;
   * {@code before}/{@code after} are null for a secret (and for the side where the key does not exist).
   */
  public record Change(String scope, String key, String change, boolean secret, Object before, Object after) {
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("scope", scope);
      m.put("key", key);
      m.put("change", change);
      m.put("secret", secret);
      if (before != null) m.put("before", before);
      if (after != null) m.put("after", after);
      return m;
    }

    /** The values for people: {@code "a" → "b"}, {@code was "a"}, never a secret's value. */
    public String detail() {
      if (secret) return "(secret: name only)";
      return switch (change) {
        case "added" -> show(after);
        case "removed" -> "was " + show(before);
        default -> show(before) + " → " + show(after);
      };
    }

    /** One line for people: {@code prod deploy.command changed: "a" → "b"}. */
    public String line() {
      String where = scope + " " + key + " " + change;
      if (secret) return where + " " + detail();
      return "removed".equals(change) ? where + " (" + detail() + ")" : where + ": " + detail();
    }

    private static String show(Object v) {
      String s = v instanceof String str ? "\"" + str + "\"" : String.valueOf(v);
      return s.length() > 80 ? s.substring(0, 79) + "…" : s;
    }
  }

  private ConfigChanges() {}

  /** The changes from {@code before} to {@code after} (parsed config trees, either may be null) for {@code env}. */
  public static List<Change> between(Object before, Object after, String env) {
    List<Change> out = new ArrayList<>();
    Map<String, Object> b = asMap(before);
    Map<String, Object> a = asMap(after);
    Map<String, Object> bGlobal = new LinkedHashMap<>(b);
    Map<String, Object> aGlobal = new LinkedHashMap<>(a);
    Object bEnvs = bGlobal.remove("environments");
    Object aEnvs = aGlobal.remove("environments");
    compare(GLOBAL, "", bGlobal, aGlobal, out);
    compare(env, "", asMap(bEnvs).get(env), asMap(aEnvs).get(env), out);
    return out;
  }

  private static void compare(String scope, String path, Object b, Object a, List<Change> out) {
    if (Objects.equals(b, a)) return;
    String last = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
    if ("secrets".equals(last) && (b == null || b instanceof List) && (a == null || a instanceof List)) {
      secretNames(scope, path, (List<?>) b, (List<?>) a, out);
      return;
    }
    if ((b == null || b instanceof Map) && (a == null || a instanceof Map) && (b != null || a != null)) {
      Set<String> keys = new LinkedHashSet<>(asMap(b).keySet());
      keys.addAll(asMap(a).keySet());
      for (String k : keys) compare(scope, path.isEmpty() ? k : path + "." + k, asMap(b).get(k), asMap(a).get(k), out);
      return;
    }
    boolean secret = secret(path, b) || secret(path, a);
    String change = b == null ? "added" : a == null ? "removed" : "changed";
    out.add(new Change(scope, path, change, secret, secret ? null : b, secret ? null : a));
  }

  /** Names declared secret: each added or removed name is a change of its own (names are not secret). */
  private static void secretNames(String scope, String path, List<?> b, List<?> a, List<Change> out) {
    Set<String> before = names(b);
    Set<String> after = names(a);
    for (String n : after) if (!before.contains(n)) out.add(new Change(scope, path + "." + n, "added", true, null, null));
    for (String n : before) if (!after.contains(n)) out.add(new Change(scope, path + "." + n, "removed", true, null, null));
  }

  private static Set<String> names(List<?> list) {
    Set<String> out = new TreeSet<>();
    if (list != null) list.forEach(x -> out.add(String.valueOf(x)));
    return out;
  }

  /** A key path with a secret-looking segment, or a value (or list element) that looks secret under its key. */
  static boolean secret(String path, Object value) {
    for (String segment : path.split("\\.")) if (SecretNames.looksSecret(segment)) return true;
    if (value == null) return false;
    String key = path.substring(path.lastIndexOf('.') + 1);
    if (value instanceof List<?> l) return l.stream().anyMatch(x -> secret(path, x));
    if (value instanceof Map<?, ?> m) return m.values().stream().anyMatch(x -> secret(path, x));
    return secretText(key, String.valueOf(value));
  }

  /**
   * Text whose whole, or any word of it read under the word before it ({@code --password x}, {@code TOKEN=x}),
   * looks secret; or that holds a value the process's redactor knows (a secret from the environment).
   */
  private static boolean secretText(String key, String text) {
    if (SecretDetector.isSecret(key, text) || !Redaction.redact(text).equals(text)) return true;
    String[] words = WORDS.split(text);
    for (int i = 0; i < words.length; i++) {
      if (SecretDetector.isSecret(i == 0 ? key : words[i - 1], words[i])) return true;
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
