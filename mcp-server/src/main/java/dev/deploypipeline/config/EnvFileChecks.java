package dev.deploypipeline.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code environments.X.envFile}: each environment's own file. Two environments sharing one would share its values,
 * while every encrypted value is bound to one environment and would not open in the other.
 */
public final class EnvFileChecks {
  private EnvFileChecks() {}

  static List<String> check(PipelineConfig c) {
    List<String> p = new ArrayList<>();
    Map<Path, String> owner = new LinkedHashMap<>();
    if (c.environments() == null) return p;
    c.environments().forEach((env, spec) -> {
      Path f = spec == null ? null : spec.envFilePath();
      if (f == null) return;
      String path = "environments." + env + ".envFile";
      if (f.getFileName().toString().endsWith(".recipients")) {
        p.add(path + ": '" + spec.envFile() + "' is a recipients file; name the env file itself (its recipients "
            + "are read from the file beside it, " + f.getFileName() + ")");
      }
      String other = owner.putIfAbsent(f, env);
      if (other != null) {
        p.add(path + ": '" + spec.envFile() + "' is already the env file of environment " + other + "; each "
            + "environment needs its own (its encrypted values are bound to it)");
      }
    });
    return p;
  }

  /** The env files the config names, by environment (environments without one are found by name). */
  public static Map<String, Path> files(PipelineConfig c) {
    Map<String, Path> out = new LinkedHashMap<>();
    if (c == null || c.environments() == null) return out;
    c.environments().forEach((env, spec) -> {
      if (spec != null && spec.envFilePath() != null) out.put(env, spec.envFilePath());
    });
    return out;
  }
}
