package dev.deploypipeline.mcp;

import dev.deploypipeline.config.ConfigException;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.generate.Generator;
import dev.deploypipeline.generate.Problem;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code deploy_generate}: the Compose file, Caddyfile and systemd units from the hosting section, each checked
 * by the real tools before anything is written; files edited by hand are kept unless {@code force}.
 */
public final class DeployGenerateTool implements McpTool {
  static final String NAME = "deploy_generate";

  private final Path projectDir;
  private final Supplier<PipelineConfig> config;
  private final Map<String, String> env;

  /** {@code env}: the environment the validators run with (its PATH finds them). */
  public DeployGenerateTool(Path projectDir, Supplier<PipelineConfig> config, Map<String, String> env) {
    this.projectDir = projectDir.toAbsolutePath().normalize();
    this.config = config;
    this.env = env;
  }

  @Override
  public McpSchema.Tool definition() {
    var json = McpJsonDefaults.getMapper();
    return McpSchema.Tool.builder()
        .name(NAME)
        .title("Generate Compose, Caddyfile and systemd units")
        .description("From the config's `hosting` section, renders docker-compose.yml (container services, ports "
            + "published on 127.0.0.1, healthchecks), the Caddyfile (a site <subdomain>.<domain> per service with "
            + "a port, reverse_proxy to 127.0.0.1 with active health checks, bind to loopback for *.localhost, "
            + "tls internal for private names) and systemd units (one running the Compose stack, one per native "
            + "service). Every file is checked first by docker-compose config, compose_validate, caddy validate "
            + "and systemd-analyze verify (any warning fails); if one fails, nothing is written and the error "
            + "names the file, the tool and its message. The same config gives byte-identical files. A file edited "
            + "by hand since it was generated, or not written by generate, is kept with its diff unless "
            + "force=true. dryRun=true checks and shows the diff without writing.")
        .inputSchema(json, """
            {"type":"object","additionalProperties":false,
             "properties":{
               "force":{"type":"boolean","description":"Replace files edited by hand or not written by generate (default false)."},
               "dryRun":{"type":"boolean","description":"Check and show the diff; write nothing (default false)."},
               "skipChecks":{"type":"array","uniqueItems":true,"items":{"type":"string","enum":["docker-compose","caddy","systemd-analyze"]},
                             "description":"Validators not to run (e.g. on a host without systemd); their files are written unchecked."}
             }}""")
        .outputSchema(json, ToolSupport.outputSchema("""
            "ok":{"type":"boolean"},"written":{"type":"boolean"},
            "files":{"type":"array","items":{"type":"object","required":["path","kind","action","diff"],
              "properties":{"path":{"type":"string"},"kind":{"type":"string","enum":["compose","caddyfile","systemd"]},
                "action":{"type":"string","enum":["created","updated","unchanged","kept_edited","kept_foreign","replaced"]},
                "diff":{"type":"string"}}}},
            "problems":{"type":"array","items":{"type":"object","required":["file","tool","message"],
              "properties":{"file":{"type":"string"},"tool":{"type":"string"},"message":{"type":"string"}}}},
            "checks":{"type":"array","items":{"type":"string"}},
            "skippedChecks":{"type":"array","items":{"type":"string"}}""",
            "ok", "written", "files", "problems", "checks", "skippedChecks"))
        .annotations(new McpSchema.ToolAnnotations("Generate hosting files", false, true, true, false, null))
        .build();
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
    Generator.Options options;
    try {
      Args a = new Args(arguments);
      options = new Generator.Options(a.flag("force", false), a.flag("dryRun", false),
          new LinkedHashSet<>(ProjectPaths.stringList(arguments.get("skipChecks"), "skipChecks")));
    } catch (dev.deploypipeline.deploy.DeployException e) {
      return ToolResults.error(e.getMessage(), e.nextStep(McpVoice.INSTANCE));
    } catch (IllegalArgumentException e) {
      return ToolResults.error(e.getMessage(), "pass skipChecks from [\"docker-compose\", \"caddy\", \"systemd-analyze\"]");
    }
    Generator.Result r;
    try {
      r = new Generator(env).run(projectDir, config.get(), options);
    } catch (ConfigException e) {
      return ToolResults.error(e.getMessage(), "fix the config (deploy_validate shows every problem), then call again");
    } catch (IllegalArgumentException e) {
      return ToolResults.error(e.getMessage(), "call deploy_setup to add a hosting section");
    }
    if (!r.ok()) {
      Map<String, Object> extra = r.toMap();
      return ToolResults.error(r.problems().stream().map(Problem::render).collect(Collectors.joining("\n")),
          "nothing was written: fix the hosting section (or the file it names) and call again", extra);
    }
    StringBuilder text = new StringBuilder();
    for (Generator.FileResult f : r.files()) {
      text.append(f.action().name().toLowerCase(Locale.ROOT)).append(' ').append(f.path()).append('\n');
      if (!f.current() || options.dryRun()) f.diff().forEach(l -> text.append(l).append('\n'));
    }
    text.append("checked: ").append(String.join("; ", r.checks()));
    if (!r.skipped().isEmpty()) text.append("\nnot checked: ").append(String.join(", ", r.skipped()));
    if (!r.kept().isEmpty()) text.append("\nkept ").append(r.kept().size())
        .append(" file(s) not written by the last generate; call with force=true to replace them");
    if (options.dryRun()) text.append("\ndry run: nothing written");
    return ToolResults.ok(r.toMap(), text.toString());
  }
}
