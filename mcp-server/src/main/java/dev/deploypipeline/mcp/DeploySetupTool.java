package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.init.Initializer.Outcome;
import dev.deploypipeline.init.Setup;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code deploy_setup}: the non-interactive setup. Writes the pipeline config with a hosting section drawn from
 * the project's files; an existing config is replaced only with {@code force}, and {@code dryRun} shows the diff.
 */
public final class DeploySetupTool implements McpTool {
  static final String NAME = "deploy_setup";
  private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9][a-z0-9.-]{0,252}");

  private final Path projectDir;
  private final Function<String, String> env;

  public DeploySetupTool(Path projectDir, Function<String, String> env) {
    this.projectDir = projectDir.toAbsolutePath().normalize();
    this.env = env;
  }

  @Override
  public McpSchema.Tool definition() {
    var json = McpJsonDefaults.getMapper();
    return McpSchema.Tool.builder()
        .name(NAME)
        .title("Set up the pipeline config for a self-hosted server")
        .description("Writes .claude/deployment-config.json (or .yaml) with stages, environments and a `hosting` "
            + "section drawn from the project's files: the services of its Compose file (image, published port, "
            + "health path, env file), else one web service from the Dockerfile's EXPOSE, plus a native service "
            + "per systemd unit. Sites are <subdomain>.<domain>; the default domain <service>.localhost binds to "
            + "loopback only. The config is validated before it is written. An existing config keeps its stages "
            + "and gains the hosting section, but is replaced only with force=true; otherwise (and with "
            + "dryRun=true) the result carries the diff and nothing is written. Then call deploy_generate.")
        .inputSchema(json, """
            {"type":"object","additionalProperties":false,
             "properties":{
               "service":{"type":"string","pattern":"^[a-z0-9][a-z0-9._-]{0,62}$","description":"Service name (default: the existing config's, else the project directory's name)."},
               "domain":{"type":"string","minLength":1,"maxLength":253,"description":"Domain the sites are subdomains of, e.g. example.com (default: <service>.localhost)."},
               "format":{"type":"string","enum":["json","yaml"],"description":"Format of a new config file (default json; an existing file keeps its format)."},
               "force":{"type":"boolean","description":"Replace an existing config (default false)."},
               "dryRun":{"type":"boolean","description":"Show what would be written and the diff; write nothing (default false)."}
             }}""")
        .outputSchema(json, ToolSupport.outputSchema("""
            "outcome":{"type":"string","enum":["written","unchanged","would_replace","replaced"]},
            "written":{"type":"boolean"},"file":{"type":"string"},"service":{"type":"string"},
            "found":{"type":"array","items":{"type":"string"}},"hosting":{"type":["object","null"]},
            "diff":{"type":"string"},"config":{"type":"object"}""",
            "outcome", "written", "file", "service", "found", "diff", "config"))
        .annotations(new McpSchema.ToolAnnotations("Set up the pipeline config", false, true, true, false, null))
        .build();
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments) {
    Setup.Options options;
    try {
      Args a = new Args(arguments);
      options = new Setup.Options(a.optional("service", SERVICE, "a service name such as shop"),
          a.optional("domain", DOMAIN, "a domain name such as example.com"),
          Setup.Format.valueOf(a.oneOf("format", List.of("json", "yaml"), "json").toUpperCase(Locale.ROOT)),
          a.flag("force", false), a.flag("dryRun", false));
    } catch (DeployException e) {
      return ToolResults.error(e.getMessage(), e.nextStep(McpVoice.INSTANCE));
    }
    Setup.Result r;
    try {
      r = new Setup(env).run(projectDir, options);
    } catch (IllegalArgumentException e) {
      return ToolResults.error(e.getMessage(), "correct the argument (or the existing config) and call again");
    }
    Map<String, Object> view = r.toMap();
    String services = r.hosting() == null ? "no hosting section (nothing tells how the project runs)"
        : "hosting: " + String.join(", ", ((Map<?, ?>) r.hosting().get("services")).keySet().stream()
            .map(String::valueOf).toList()) + " on " + r.hosting().get("domain");
    String head = switch (r.outcome()) {
      case WRITTEN -> (r.written() ? "wrote " : "would write ") + r.file();
      case UNCHANGED -> r.file() + " is up to date";
      case REPLACED -> "replaced " + r.file();
      case WOULD_REPLACE -> r.file() + " exists and differs; nothing written"
          + (options.dryRun() ? "" : " (call again with force=true to replace it)");
    };
    String next = r.outcome() == Outcome.WOULD_REPLACE ? "" : "\nNext: deploy_generate writes the Compose file, "
        + "the Caddyfile and the systemd units";
    String diff = r.diff().isEmpty() ? "" : "\n" + String.join("\n", r.diff());
    return ToolResults.ok(view, head + "\nfound: " + String.join(", ", r.found()) + "\n" + services + diff + next);
  }
}
