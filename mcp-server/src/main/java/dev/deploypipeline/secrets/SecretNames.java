package dev.deploypipeline.secrets;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which environment variables hold secrets: those a config declares, and by default any whose name looks like
 * one ({@code *KEY*}, {@code *TOKEN*}, {@code *SECRET*}, {@code *PASSWORD*}, {@code *WEBHOOK*}).
 */
public final class SecretNames {
  /** A name containing one of these words (in any case) looks secret. */
  public static final java.util.List<String> WORDS =
      java.util.List.of("KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "WEBHOOK", "CREDENTIAL");
  private static final Pattern LOOKS_SECRET = Pattern.compile(".*(" + String.join("|", WORDS) + ").*");
  /** Values of secret-looking names that are switches, not secrets: masking them would mangle every output. */
  private static final Set<String> NOT_SECRET_VALUES =
      Set.of("true", "false", "null", "none", "yes", "no", "on", "off", "enabled", "disabled");

  private SecretNames() {}

  public static boolean looksSecret(String name) {
    return name != null && LOOKS_SECRET.matcher(name.toUpperCase(Locale.ROOT)).matches();
  }

  /** The values of the variables {@code declared} names plus every secret-looking variable, by value → name. */
  public static Map<String, String> values(Map<String, String> env, Collection<String> declared) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : declared) {
      String v = env.get(name);
      if (v != null) out.putIfAbsent(v, name);
    }
    env.forEach((name, v) -> {
      if (v != null && looksSecret(name) && !NOT_SECRET_VALUES.contains(v.strip().toLowerCase(Locale.ROOT))) {
        out.putIfAbsent(v, name);
      }
    });
    return out;
  }

  /** The redactor for an environment: its secret-looking variables plus the {@code declared} ones. */
  public static Redactor redactor(Map<String, String> env, Collection<String> declared) {
    return Redactor.named(values(env, declared));
  }
}
