package dev.deploypipeline.mcp;

import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.deploy.HelmChecks;
import dev.deploypipeline.helm.HelmChecker;
import dev.deploypipeline.helm.HelmCli;
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
  private final HelmChecks checks;

  /** {@code config} is read only when no chart is given; helm runs with the basics of {@code env} (PATH, HOME). */
  public HelmCheckTool(Path projectDir, Supplier<PipelineConfig> config, Map<String, String> env) {
    this.projectDir = projectDir.toAbsolutePath().normalize();
    this.checks = new HelmChecks(this.projectDir, config, env);
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

  @Override
  public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
    HelmChecks.Request request;
    try {
      request = parse(arguments);
    } catch (IllegalArgumentException e) {
      return ToolResults.error(e.getMessage(), "pass chart (a directory in the project with Chart.yaml) and values "
          + "as {\"<env>\": [\"values-<env>.yaml\"]}, or add a helm section to .claude/deployment-config.json");
    }
    HelmReport report;
    try {
      report = checks.check(request);
    } catch (IllegalArgumentException e) {
      return ToolResults.error(e.getMessage(), "pass chart (a directory in the project with Chart.yaml), or add a "
          + "helm section to .claude/deployment-config.json");
    } catch (HelmChecker.InputException e) {
      return ToolResults.error(e.getMessage(), "check the chart and values paths, relative to " + projectDir);
    } catch (HelmCli.NotRunnable e) {
      return ToolResults.error(e.getMessage(), "install helm 4 and put it on the server's PATH");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ToolResults.error("interrupted while helm ran", "call helm_check again");
    } catch (RuntimeException e) {
      // The project's config did not load: its message names the file and every problem.
      return ToolResults.error(e.getMessage(), "fix .claude/deployment-config.json (deploy_validate lists its "
          + "problems), or pass chart and values to check a chart directly");
    }
    return ToolResults.ok(report.toMap(), text(report));
  }

  /** The arguments, parsed once; every path must stay inside the project directory. */
  private HelmChecks.Request parse(Map<String, Object> a) {
    List<String> only = ProjectPaths.stringList(a.get("environments"), "environments");
    Object release = a.get("release");
    if (release != null && !(release instanceof String)) throw new IllegalArgumentException("release: must be a string");
    Object chartArg = a.get("chart");
    if (chartArg != null && !(chartArg instanceof String)) throw new IllegalArgumentException("chart: must be a string");
    String chart = chartArg == null ? null : ProjectPaths.inside(projectDir, List.of((String) chartArg)).get(0).toString();
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (a.get("values") != null) {
      if (!(a.get("values") instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException("values: must be an object of environment to values files");
      }
      m.forEach((name, files) -> values.put(String.valueOf(name), ProjectPaths.inside(projectDir,
          ProjectPaths.stringList(files, "values." + name)).stream().map(Path::toString).toList()));
    }
    return new HelmChecks.Request(chart, values, only,
        ProjectPaths.stringList(a.get("requiredSecrets"), "requiredSecrets"),
        ProjectPaths.stringList(a.get("existingSecrets"), "existingSecrets"), (String) release);
  }

  private static String text(HelmReport report) {
    String lines = report.findings().stream().limit(MAX_TEXT_LINES).map(HelmFinding::render)
        .collect(Collectors.joining("\n"));
    String more = report.findings().size() > MAX_TEXT_LINES
        ? "\n… " + (report.findings().size() - MAX_TEXT_LINES) + " more in structuredContent" : "";
    return report.summary() + (lines.isEmpty() ? "" : "\n" + lines + more);
  }
}
