package dev.deploypipeline.secrets;

import java.util.Collection;
import java.util.Map;

/**
 * The process's one redactor. Every sink (store, stage logs, tool results, CLI output, stderr, notifications)
 * asks it, so a secret learnt anywhere is masked everywhere. It only grows: a secret learnt from one config load
 * stays masked for the life of the process, since text holding it may still be on its way to a sink.
 */
public final class Redaction {
  private static volatile Redactor current = Redactor.NONE;
  /** The process environment, read at the first redaction rather than at start-up (which must stay fast). */
  private static volatile Map<String, String> pendingEnvironment;

  private Redaction() {}

  public static Redactor current() {
    if (pendingEnvironment != null) {
      synchronized (Redaction.class) {
        if (pendingEnvironment != null) {
          current = current.plus(SecretNames.redactor(pendingEnvironment, java.util.List.of()));
          pendingEnvironment = null;
        }
      }
    }
    return current;
  }

  /** Masks the process environment's secret-looking variables from the first redaction on. */
  public static void learnLater(Map<String, String> environment) {
    pendingEnvironment = environment;
  }

  /** Adds the secrets of {@code r} to the process's redactor. */
  public static synchronized void learn(Redactor r) {
    current = current().plus(r);
  }

  /** Adds the process environment's secret-looking variables and the {@code declared} ones. */
  public static void learn(Map<String, String> env, Collection<String> declared) {
    learn(SecretNames.redactor(env, declared));
  }

  public static String redact(String text) {
    return current().redact(text);
  }

  /** A copy of a structured value (maps, lists, strings, numbers) with every string, but no key, masked. */
  public static Object redactStructure(Object value) {
    Redactor r = current();
    return r.isEmpty() ? value : structure(value, r);
  }

  private static Object structure(Object v, Redactor r) {
    if (v instanceof String s) return r.redact(s);
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new java.util.LinkedHashMap<>();
      m.forEach((k, x) -> out.put(k, structure(x, r)));
      return out;
    }
    if (v instanceof Collection<?> c) {
      java.util.List<Object> out = new java.util.ArrayList<>(c.size());
      for (Object x : c) out.add(structure(x, r));
      return out;
    }
    if (v instanceof Enum<?> || v instanceof Number || v instanceof Boolean || v == null) return v;
    if (v instanceof CharSequence || v instanceof java.nio.file.Path || v instanceof java.time.temporal.Temporal) {
      return v instanceof java.time.temporal.Temporal ? v : r.redact(v.toString());
    }
    return v;
  }

  /** For tests: forget everything learnt. */
  public static synchronized void reset() {
    pendingEnvironment = null;
    current = Redactor.NONE;
  }
}
