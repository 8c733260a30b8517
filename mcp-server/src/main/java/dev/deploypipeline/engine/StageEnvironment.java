package dev.deploypipeline.engine;

import dev.deploypipeline.config.EnvironmentSpec;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.config.StageSpec;
import dev.deploypipeline.envfiles.EnvVault;
import dev.deploypipeline.secrets.EnvRefs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The variables a stage process may see: the server's that the config declares for it (secrets and {@code passEnv}
 * globs, at the top level and for the stage's environment) or that its own command or its environment's health URL
 * references, and the environment's own {@code variables}. Everything else in the server's environment stays out of the stage (the executor adds only the
 * pipeline context and basics such as PATH and HOME).
 */
public final class StageEnvironment {
  private StageEnvironment() {}

  /** The declared variables that are set in {@code env}, by name. */
  static Map<String, String> of(PipelineConfig config, StageSpec spec, EnvironmentSpec environment,
      Map<String, String> env) {
    return of(config, spec == null ? null : spec.command(), environment, env);
  }

  /** The same for a command that is not a stage's (a target's instances, started by a rollout). */
  public static Map<String, String> of(PipelineConfig config, String command, EnvironmentSpec environment,
      Map<String, String> env) {
    Set<String> names = new LinkedHashSet<>();
    List<String> globs = new ArrayList<>();
    if (config != null) {
      names.addAll(config.secretList());
      globs.addAll(config.passEnvList());
    }
    if (command != null) names.addAll(EnvRefs.names(command));
    if (environment != null) {
      names.addAll(environment.secretList());
      globs.addAll(environment.passEnvList());
      if (environment.healthCheck() != null) names.addAll(EnvRefs.names(environment.healthCheck().url()));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String n : names) {
      String v = env.get(n);
      if (v != null) out.put(n, v);
    }
    if (!globs.isEmpty()) {
      Pattern p = Pattern.compile(String.join("|", globs.stream().map(StageEnvironment::regex).toList()));
      env.forEach((k, v) -> {
        if (v != null && p.matcher(k).matches()) out.putIfAbsent(k, v);
      });
    }
    // The environment's own non-secret variables are what the config says, whatever the server's environment holds.
    if (environment != null) out.putAll(environment.variableMap());
    return out;
  }

  /**
   * {@code declared} plus the decrypted values of the environment's env file ({@code .env.NAME}), when it holds
   * age-encrypted ones: a stage (or a target's instances) is the one place those are decrypted. The vault teaches each value to the redactor
   * first. A missing or wrong key throws {@link dev.deploypipeline.envfiles.EnvKeyException}; the stage fails with it.
   */
  public static Map<String, String> withEnvFile(Map<String, String> declared, java.nio.file.Path projectDir,
      String environment, Map<String, String> env, java.time.Clock clock) {
    if (environment == null) return declared;
    Map<String, String> decrypted = new EnvVault(projectDir, env, clock).decrypt(environment);
    if (decrypted.isEmpty()) return declared;
    Map<String, String> out = new LinkedHashMap<>(declared);
    out.putAll(decrypted);
    return out;
  }

  private static String regex(String glob) {
    StringBuilder sb = new StringBuilder();
    for (char c : glob.toCharArray()) {
      sb.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return sb.toString();
  }
}
