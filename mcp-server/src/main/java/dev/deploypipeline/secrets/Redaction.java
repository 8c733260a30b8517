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

  private Redaction() {}

  public static Redactor current() {
    return current;
  }

  /** Adds the secrets of {@code r} to the process's redactor. */
  public static synchronized void learn(Redactor r) {
    current = current.plus(r);
  }

  /** Adds the process environment's secret-looking variables and the {@code declared} ones. */
  public static void learn(Map<String, String> env, Collection<String> declared) {
    learn(SecretNames.redactor(env, declared));
  }

  public static String redact(String text) {
    return current.redact(text);
  }

  /** For tests: forget everything learnt. */
  public static synchronized void reset() {
    current = Redactor.NONE;
  }
}
