package dev.deploypipeline.mcp;

import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.helm.HelmChecker;
import dev.deploypipeline.helm.HelmCli;
import dev.deploypipeline.helm.HelmConfig;
import dev.deploypipeline.helm.HelmEnvironment;
import dev.deploypipeline.helm.HelmFinding;
import dev.deploypipeline.helm.HelmReport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code helm_check}: the Helm pre-deploy checks (lint, values schema, template and manifests, required Secrets)
 * for the chart in the project's config, or for a chart and values files given by path. Read-only: helm only lints
 * and renders, it never talks to a cluster. Paths may not leave the project directory.
 */
public final class HelmCheckTool implements McpTool {
  static final String NAME = "helm_check";
  private static final int MAX_TEXT_LINES = 200;

  private final Path projectDir;
  private final Supplier<PipelineConfig> config;
  private final Map<String, String> env;

  /** {@code config} is read only when no chart is given; helm runs with the basics of {@code env} (PATH, HOME). */
  public HelmCheckTool(Path projectDir, Supplier<PipelineConfig> config, Map<String, String> env) {
    this.projectDir = projectDir.toAbsolutePath().normalize();
    this.config = config;
    this.env = Map.copyOf(env);
  }

  @Override
  public McpSchema.Tool definition() {
    var json = McpJsonDefaults.getMapper();
    return McpSchema.Tool.builder()
        .name(NAME)
        .title("Check a Helm chart before deploying")
        .description("Runs the Helm pre-deploy checks per environment: `helm lint` with the environment's values "
            + "files (which enforces values.schema.json), `helm template` with every rendered object checked for "
            + "apiVersion, kind and metadata.name, and Secrets: each of `requiredSecrets` must be rendered by the chart "
            + "or listed as existing, and Secrets the pods reference but nobody provides are warned about. Without "
            + "`chart`, checks the helm section of .claude/deployment-config.json. Returns every finding with file, "
            + "line (where helm or the values file tells it), ruleId, severity, message, hint and the environments "
            + "it shows in; `valid` is false when any error-severity finding exists. Needs helm 4; no cluster.")
        .inputSchema(json, """
            {"type":"object","additionalProperties":false,
             "properties":{
               "chart":{"type":"string","minLength":1,"description":"Chart directory relative to the project (default: helm.chart of the config)."},
               "values":{"type":"object","additionalProperties":{"type":"array","items":{"type":"string","minLength":1}},
                         "description":"With chart: values files per environment, relative to the project, e.g. {\\"prod\\": [\\"values-prod.yaml\\"]}. Without it the chart's values.yaml alone is checked."},
               "environments":{"type":"array","items":{"type":"string","minLength":1},"description":"Check only these environments."},
               "requiredSecrets":{"type":"array","items":{"type":"string","minLength":1},"description":"With chart: Secret names the release needs."},
               "existingSecrets":{"type":"array","items":{"type":"string","minLength":1},"description":"With chart: Secrets that exist outside the chart, in every environment."},
               "release":{"type":"string","minLength":1,"description":"Release name to render with (default: helm.release, the service, or the chart's directory name)."}
             }}""")
        .outputSchema(json, ToolSupport.outputSchema("\"valid\":{\"type\":\"boolean\"},"
            + "\"errors\":{\"type\":\"integer\",\"minimum\":0},\"warnings\":{\"type\":\"integer\",\"minimum\":0},"
            + "\"chart\":{\"type\":\"string\"},\"environments\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
            + "\"findings\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
            + "\"required\":[\"file\",\"ruleId\",\"severity\",\"message\",\"environments\"],\"properties\":{"
            + "\"file\":{\"type\":\"string\"},\"line\":{\"type\":\"integer\",\"minimum\":1},"
            + "\"column\":{\"type\":\"integer\",\"minimum\":1},\"ruleId\":{\"type\":\"string\"},"
            + "\"severity\":{\"type\":\"string\",\"enum\":[\"error\",\"warning\"]},\"message\":{\"type\":\"string\"},"
            + "\"hint\":{\"type\":\"string\"},\"environments\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}}",
            "valid", "errors", "warnings", "chart", "environments", "findings"))
        .annotations(new McpSchema.ToolAnnotations("Check a Helm chart before deploying", true, false, true, false, null))
        .build();
  }

  /** The arguments, parsed once: what to check, with which helm. */
  private record Request(HelmConfig helm, String release, List<String> environments) {}

  @Override
  public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
    Request request;
    try {
      request = parse(arguments);
    } catch (IllegalArgumentException e) {
      return ToolResults.error(e.getMessage(), "pass chart (a directory in the project with Chart.yaml) and values "
          + "as {\"<env>\": [\"values-<env>.yaml\"]}, or add a helm section to .claude/deployment-config.json");
    } catch (RuntimeException e) {
      return ToolResults.error(e.getMessage(), "fix .claude/deployment-config.json (deploy_validate lists its "
          + "problems), or pass chart and values to check a chart directly");
    }
    HelmReport report;
    try {
      HelmCli cli = HelmCli.withBasicEnvironment(request.helm().binaryOrDefault(), env);
      report = new HelmChecker(cli).check(projectDir, request.helm(), request.release(), request.environments());
    } catch (HelmChecker.InputException e) {
      return ToolResults.error(e.getMessage(), "check the chart and values paths, relative to " + projectDir);
    } catch (HelmCli.NotRunnable e) {
      return ToolResults.error(e.getMessage(), "install helm 4 and put it on the server's PATH");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ToolResults.error("interrupted while helm ran", "call helm_check again");
    }
    return ToolResults.ok(report.toMap(), text(report));
  }

  private Request parse(Map<String, Object> a) {
    List<String> only = ProjectPaths.stringList(a.get("environments"), "environments");
    Object release = a.get("release");
    if (release != null && !(release instanceof String)) throw new IllegalArgumentException("release: must be a string");
    if (a.get("chart") == null) {
      for (String k : List.of("values", "requiredSecrets", "existingSecrets")) {
        if (a.containsKey(k)) throw new IllegalArgumentException(k + ": applies only with chart");
      }
      PipelineConfig c = config.get();
      if (c.helm() == null) {
        throw new IllegalArgumentException("chart: is required, as .claude/deployment-config.json has no helm section");
      }
      return new Request(c.helm(), release != null ? (String) release : c.helm().releaseOr(c.service()), only);
    }
    if (!(a.get("chart") instanceof String chartArg)) throw new IllegalArgumentException("chart: must be a string");
    String inside = ProjectPaths.inside(projectDir, List.of(chartArg)).get(0).toString();
    String chart = inside.isEmpty() ? "." : inside;
    List<String> existing = ProjectPaths.stringList(a.get("existingSecrets"), "existingSecrets");
    Map<String, HelmEnvironment> envs = new LinkedHashMap<>();
    if (a.get("values") != null) {
      if (!(a.get("values") instanceof Map<?, ?> values)) {
        throw new IllegalArgumentException("values: must be an object of environment to values files");
      }
      values.forEach((name, files) -> envs.put(String.valueOf(name), new HelmEnvironment(String.valueOf(name),
          ProjectPaths.inside(projectDir, ProjectPaths.stringList(files, "values." + name)).stream()
              .map(Path::toString).toList(), null, existing)));
    } else {
      envs.put(HelmChecker.DEFAULT_ENV, new HelmEnvironment("default", List.of(), null, existing));
    }
    HelmConfig helm = new HelmConfig(chart, null, null, null,
        ProjectPaths.stringList(a.get("requiredSecrets"), "requiredSecrets"), envs);
    String name = release != null ? (String) release : projectDir.resolve(chart).normalize().getFileName().toString()
        .toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    if (!name.matches("[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?")) name = "release";
    return new Request(helm, name, only);
  }

  private static String text(HelmReport report) {
    String lines = report.findings().stream().limit(MAX_TEXT_LINES).map(HelmFinding::render)
        .collect(Collectors.joining("\n"));
    String more = report.findings().size() > MAX_TEXT_LINES
        ? "\n… " + (report.findings().size() - MAX_TEXT_LINES) + " more in structuredContent" : "";
    return report.summary() + (lines.isEmpty() ? "" : "\n" + lines + more);
  }
}
