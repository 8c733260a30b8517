package dev.deploypipeline.executor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment of a stage process: basics every shell needs, taken from the server's environment, plus the
 * request's context (pipeline facts and the variables the config declares for the stage). Nothing else of the
 * server's environment: its keys are not the stage's business.
 */
final class ProcessEnvironment {
  static final Set<String> BASICS = Set.of("PATH", "HOME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "USER", "LOGNAME",
      "SHELL", "TERM", "JAVA_HOME");

  private ProcessEnvironment() {}

  static Map<String, String> of(Map<String, String> server, Map<String, String> context) {
    Map<String, String> out = new LinkedHashMap<>();
    server.forEach((k, v) -> {
      if (v != null && (BASICS.contains(k) || k.startsWith("LC_"))) out.put(k, v);
    });
    out.putAll(context);
    return out;
  }
}
