package dev.deploypipeline.deploy;

import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.helm.HelmChecker;
import dev.deploypipeline.helm.HelmCli;
import dev.deploypipeline.helm.HelmConfig;
import dev.deploypipeline.helm.HelmEnvironment;
import dev.deploypipeline.helm.HelmReport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Helm pre-deploy checks as both front ends offer them: for the helm section of the project's config, or for a
 * chart and values files given directly. Bad input is an {@link IllegalArgumentException} naming the argument.
 */
public final class HelmChecks {
  /**
   * What to check. {@code chart} null means the config's helm section (then {@code values}, {@code requiredSecrets}
   * and {@code existingSecrets} must be empty); {@code values} maps an environment to its values files.
   */
  public record Request(String chart, Map<String, List<String>> values, List<String> environments,
      List<String> requiredSecrets, List<String> existingSecrets, String release) {}

  private final Path projectDir;
  private final Supplier<PipelineConfig> config;
  private final Map<String, String> env;

  public HelmChecks(Path projectDir, Supplier<PipelineConfig> config, Map<String, String> env) {
    this.projectDir = projectDir;
    this.config = config;
    this.env = Map.copyOf(env);
  }

  /**
   * @throws IllegalArgumentException bad arguments, or no helm section when no chart is given
   * @throws HelmChecker.InputException a chart, values file or environment that is not there
   * @throws HelmCli.NotRunnable helm cannot be run
   */
  public HelmReport check(Request r) throws InterruptedException {
    HelmConfig helm;
    String release;
    if (r.chart() == null) {
      if (!r.values().isEmpty() || !r.requiredSecrets().isEmpty() || !r.existingSecrets().isEmpty()) {
        throw new IllegalArgumentException("values, requiredSecrets and existingSecrets apply only with chart");
      }
      PipelineConfig c = config.get();
      if (c.helm() == null) {
        throw new IllegalArgumentException("chart: is required, as .claude/deployment-config.json has no helm section");
      }
      helm = c.helm();
      release = r.release() != null ? r.release() : helm.releaseOr(c.service());
    } else {
      String chart = r.chart().isEmpty() ? "." : r.chart();
      Map<String, HelmEnvironment> envs = new LinkedHashMap<>();
      r.values().forEach((name, files) -> envs.put(name, new HelmEnvironment(name, files, null, r.existingSecrets())));
      if (envs.isEmpty()) {
        envs.put(HelmChecker.DEFAULT_ENV, new HelmEnvironment("default", List.of(), null, r.existingSecrets()));
      }
      helm = new HelmConfig(chart, null, null, null, r.requiredSecrets(), envs);
      release = r.release() != null ? r.release() : releaseName(projectDir.resolve(chart).normalize());
    }
    HelmCli cli = HelmCli.withBasicEnvironment(helm.binaryOrDefault(), env);
    return new HelmChecker(cli).check(projectDir, helm, release, r.environments());
  }

  /** The chart directory's name as a release name, or {@code release} when it cannot be one. */
  private static String releaseName(Path chartDir) {
    Path name = chartDir.getFileName();
    String s = name == null ? "" : name.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return s.matches("[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?") ? s : "release";
  }
}
