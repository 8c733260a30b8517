package dev.deploypipeline.helm;

import dev.deploypipeline.helm.HelmFinding.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pre-deploy checks of a chart, per environment: {@code helm lint} with the environment's values files (which
 * also enforces {@code values.schema.json}), {@code helm template} and the rendered manifests, and the required
 * Secrets. A finding that several environments share is reported once, naming them all.
 */
public final class HelmChecker {
  /** The chart or a values file is not there: nothing to check. */
  public static final class InputException extends RuntimeException {
    public InputException(String message) {
      super(message);
    }
  }

  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(120);
  /** The environment name used when the config defines none: the chart's own values.yaml only. */
  public static final String DEFAULT_ENV = "default";

  private final HelmCli cli;

  public HelmChecker(HelmCli cli) {
    this.cli = cli;
  }

  /** Checks {@code environments} (all configured ones when empty). */
  public HelmReport check(Path projectDir, HelmConfig config, String release, List<String> environments)
      throws InterruptedException {
    String chart = Path.of(config.chart()).normalize().toString();
    if (!Files.isRegularFile(projectDir.resolve(chart).resolve("Chart.yaml"))) {
      throw new InputException("chart '" + chart + "': no Chart.yaml in " + projectDir.resolve(chart));
    }
    List<String> envs = !environments.isEmpty() ? environments
        : config.environments().isEmpty() ? List.of(DEFAULT_ENV) : List.copyOf(config.environments().keySet());
    Map<HelmFinding, List<String>> merged = new LinkedHashMap<>();
    for (String env : envs) {
      HelmEnvironment e = config.environment(env);
      if (e == null && !env.equals(DEFAULT_ENV)) {
        throw new InputException("environment '" + env + "' is not configured (configured: "
            + String.join(", ", config.environments().keySet()) + ")");
      }
      HelmEnvironment spec = e == null ? new HelmEnvironment("default", List.of(), null, List.of()) : e;
      for (String v : spec.values()) {
        if (!Files.isRegularFile(projectDir.resolve(v))) {
          throw new InputException("values file '" + v + "' of environment " + env + " does not exist");
        }
      }
      for (HelmFinding f : checkOne(projectDir, chart, config, release, env, spec)) {
        List<String> on = merged.computeIfAbsent(f.withEnvironments(List.of()), k -> new ArrayList<>());
        if (!on.contains(env)) on.add(env);
      }
    }
    List<HelmFinding> findings = new ArrayList<>();
    merged.forEach((f, on) -> findings.add(f.withEnvironments(on.size() == envs.size() && envs.size() > 1
        ? List.of() : on)));
    findings.sort(HelmFinding.ORDER);
    return new HelmReport(chart, envs, findings);
  }

  private List<HelmFinding> checkOne(Path projectDir, String chart, HelmConfig config, String release, String env,
      HelmEnvironment spec) throws InterruptedException {
    HelmOutput parser = new HelmOutput(projectDir, chart, spec.values());
    List<String> on = List.of(env);
    List<HelmFinding> out = new ArrayList<>();
    HelmCli.Result lint = cli.run(HelmCommands.lint(chart, spec.values()), projectDir, STEP_TIMEOUT);
    out.addAll(parser.parse(lint.output(), on));
    if (!lint.ok() && out.stream().noneMatch(f -> f.severity() == Level.ERROR)) {
      out.add(unexplained("helm lint", lint, chart, on));
    }
    if (out.stream().anyMatch(f -> f.severity() == Level.ERROR)) return out;  // template would say the same again
    HelmCli.Result t = cli.run(HelmCommands.template(release, chart, spec.namespace(), spec.values()), projectDir,
        STEP_TIMEOUT);
    if (!t.ok()) {
      List<HelmFinding> errors = parser.parse(t.stderr(), on);
      out.addAll(errors.isEmpty() ? List.of(unexplained("helm template", t, chart, on)) : errors);
      return out;
    }
    Manifests m = new Manifests(t.stdout(), s -> chart + "/" + s.substring(s.indexOf('/') + 1), on);
    out.addAll(m.findings);
    out.addAll(secrets(projectDir, chart, config, env, spec, m));
    return out;
  }

  private static List<HelmFinding> secrets(Path projectDir, String chart, HelmConfig config, String env,
      HelmEnvironment spec, Manifests m) {
    List<HelmFinding> out = new ArrayList<>();
    List<String> on = List.of(env);
    for (String name : config.requiredSecrets()) {
      if (!m.renderedSecrets.contains(name) && !spec.existingSecrets().contains(name)) {
        out.add(new HelmFinding(chart, null, null, "secret-missing", Level.ERROR, "required Secret '" + name
            + "' is neither rendered by the chart nor listed as existing for " + env, "create it in namespace "
            + spec.namespace() + " and list it in helm.environments." + env + ".existingSecrets, or render it "
            + "from the chart", on));
      }
    }
    m.referencesByName().forEach((name, file) -> {
      if (!m.renderedSecrets.contains(name) && !spec.existingSecrets().contains(name)) {
        out.add(new HelmFinding(file, lineContaining(projectDir.resolve(file), name), null, "secret-unknown",
            Level.WARNING, "references Secret '" + name + "', which the chart does not render and which is not "
            + "listed as existing for " + env, "pods fail to start without it: make sure it exists in namespace "
            + spec.namespace() + " and list it in helm.environments." + env + ".existingSecrets", on));
      }
    });
    return out;
  }

  private static HelmFinding unexplained(String step, HelmCli.Result r, String chart, List<String> on) {
    String output = r.output().strip().replaceAll("\\s+", " ");
    return new HelmFinding(chart, null, null, "helm", Level.ERROR, step + (r.exitCode() == null ? " timed out"
        : " exited with " + r.exitCode()) + (output.isEmpty() ? "" : ": " + output), null, on);
  }

  private static Integer lineContaining(Path file, String text) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(text)) return i + 1;
      }
    } catch (IOException | RuntimeException ignored) {
      // the line is a convenience; the finding stands without it
    }
    return null;
  }
}
