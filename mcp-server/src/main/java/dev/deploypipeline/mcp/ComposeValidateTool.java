package dev.deploypipeline.mcp;

import dev.deploypipeline.compose.ComposeInputException;
import dev.deploypipeline.compose.ComposeReport;
import dev.deploypipeline.compose.ComposeRequest;
import dev.deploypipeline.compose.ComposeValidator;
import dev.deploypipeline.compose.Finding;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code compose_validate}: validates Compose files inside the project directory (or inline content) and
 * returns every finding with file, line and column. Paths may not leave the project directory, by {@code ..},
 * an absolute path or a symlink.
 */
public final class ComposeValidateTool implements McpTool {
  public static final String NAME = "compose_validate";
  private static final int MAX_TEXT_LINES = 200;

  private final Path projectDir;
  private final ComposeValidator validator = new ComposeValidator();

  /**
   * {@code ${VAR}} interpolates from the project's env files only ({@code .env}, {@code envFile}): the server's
   * environment holds its keys, and a compose file (or inline content an agent was talked into sending) must not
   * be able to read them back.
   */
  public ComposeValidateTool(Path projectDir) {
    this.projectDir = projectDir.toAbsolutePath().normalize();
  }

  @Override
  public McpSchema.Tool definition() {
    var json = McpJsonDefaults.getMapper();
    return McpSchema.Tool.builder()
        .name(NAME)
        .title("Validate Docker Compose files")
        .description("Validates Docker Compose files like `docker compose -f a -f b` would load them, and checks what "
            + "Docker misses: unknown keys (with did-you-mean), wrong types, port syntax and host-port conflicts, "
            + "undeclared networks/volumes/secrets/configs, depends_on cycles and unknown services, restart and "
            + "duration values, unset variables, privileged/docker.sock/host-network/literal secrets, unpinned "
            + "images. Give either `paths` (relative to the project directory, merged in order) or inline "
            + "`content`. Returns every finding with file, line, column, ruleId, severity, message and hint; "
            + "`valid` is false when any error-severity finding exists.")
        .inputSchema(json, """
            {"type":"object","additionalProperties":false,
             "properties":{
               "paths":{"type":"array","minItems":1,"maxItems":20,"items":{"type":"string","minLength":1},
                        "description":"Compose files relative to the project directory, merged in order (e.g. [\\"compose.yaml\\",\\"compose.prod.yaml\\"])."},
               "content":{"type":"string","minLength":1,"maxLength":2000000,"description":"Inline Compose YAML, instead of paths."},
               "envFile":{"type":"string","minLength":1,"description":"Env file for interpolation, relative to the project directory (default: .env next to the first file)."},
               "profiles":{"type":"array","items":{"type":"string","minLength":1},"description":"Profiles to activate; services with other profiles are skipped by cross-service rules. Use [\\"*\\"] for all."}
             }}""")
        .outputSchema(json, """
            {"type":"object","required":["valid","errors","warnings","findings","files"],
             "properties":{
               "valid":{"type":"boolean"},
               "errors":{"type":"integer","minimum":0},
               "warnings":{"type":"integer","minimum":0},
               "files":{"type":"array","items":{"type":"string"}},
               "findings":{"type":"array","items":{"type":"object",
                 "required":["file","line","column","ruleId","severity","message"],
                 "properties":{
                   "file":{"type":"string"},"line":{"type":"integer","minimum":1},"column":{"type":"integer","minimum":1},
                   "ruleId":{"type":"string"},"severity":{"type":"string","enum":["error","warning"]},
                   "message":{"type":"string"},"hint":{"type":"string"}}}}
             }}""")
        .annotations(new McpSchema.ToolAnnotations("Validate Docker Compose files", true, false, true, false, null))
        .build();
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
    Object paths = arguments.get("paths");
    Object content = arguments.get("content");
    if ((paths == null) == (content == null)) {
      return ToolResults.error("give exactly one of 'paths' or 'content'",
          "pass paths: [\"compose.yaml\"] for files in the project, or content: \"<yaml>\" for inline YAML");
    }
    if (content != null && !(content instanceof String)) {
      return ToolResults.error("content: must be the compose file's YAML as a string",
          "pass content: \"services: ...\" or use paths instead");
    }
    ComposeRequest request;
    try {
      request = content != null ? ComposeRequest.ofContent("compose.yaml", (String) content)
          : ComposeRequest.ofFiles(insideProject(stringList(paths, "paths")));
      request = request.withBaseDir(projectDir).withProfiles(stringList(arguments.get("profiles"), "profiles"))
          .withEnvironment(Map.of());
      if (arguments.get("envFile") instanceof String envFile) {
        request = request.withEnvFile(insideProject(List.of(envFile)).get(0));
      }
    } catch (IllegalArgumentException e) {
      return ToolResults.error(e.getMessage(), "use paths relative to the project directory " + projectDir);
    }
    ComposeReport report;
    try {
      report = validator.validate(request);
    } catch (ComposeInputException e) {
      return ToolResults.error(e.getMessage(), "list the project's compose files and pass an existing one, relative to " + projectDir);
    }
    return ToolResults.ok(report.toMap(), text(report));
  }

  private List<Path> insideProject(List<String> given) {
    return ProjectPaths.inside(projectDir, given);
  }

  private static List<String> stringList(Object value, String field) {
    return ProjectPaths.stringList(value, field);
  }

  private static String text(ComposeReport report) {
    String lines = report.findings().stream().limit(MAX_TEXT_LINES).map(Finding::render).collect(Collectors.joining("\n"));
    String more = report.findings().size() > MAX_TEXT_LINES
        ? "\n… " + (report.findings().size() - MAX_TEXT_LINES) + " more in structuredContent" : "";
    return report.summary() + (lines.isEmpty() ? "" : "\n" + lines + more);
  }
}
