package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.HostChecks;
import dev.deploypipeline.hostcheck.Check;
import dev.deploypipeline.hostcheck.HostReport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code host_check}: the host pre-flight (see {@link HostChecks}); read-only, failures are results, not errors. */
public final class HostCheckTool implements McpTool {
  static final String NAME = "host_check";
  private static final int MAX_MB = 100_000_000;

  private final HostChecks checks;

  public HostCheckTool(HostChecks checks) {
    this.checks = checks;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool(NAME, "Check the host before a deploy",
        "Pre-flight of this host for the project: free disk (the project's filesystem and Docker's data root) and "
            + "available memory against thresholds, every host port the compose file publishes and "
            + "hosting.services.*.port names (free; or in use by the running stack when running is true), the "
            + "Docker daemon (DOCKER_HOST or /var/run/docker.sock), the compose file (docker-compose config and "
            + "compose_validate), Caddy's admin API, and native services' systemd units where systemd is PID 1 "
            + "(elsewhere one honest 'skip'). Returns ready (false when any check failed) and every check with "
            + "status ok/warn/fail/skip, detail, and fix: what to do. Read-only.",
        "{\"type\":\"object\",\"properties\":{"
            + "\"minFreeDiskMb\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":" + MAX_MB + ",\"description\":"
            + "\"Free disk needed in MB (default 2048)\"},"
            + "\"minFreeDiskPercent\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":99,\"description\":"
            + "\"Free disk needed in % of the filesystem (default 10)\"},"
            + "\"minAvailableMemoryMb\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":" + MAX_MB
            + ",\"description\":\"Available memory needed in MB (default 256)\"},"
            + "\"running\":{\"type\":\"boolean\",\"description\":\"The stack is up already (a redeploy): its "
            + "ports in use are expected\"}},\"additionalProperties\":false}",
        ToolSupport.outputSchema("\"ready\":{\"type\":\"boolean\"},\"summary\":{\"type\":\"string\"},"
            + "\"checks\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"check\",\"status\","
            + "\"detail\"],\"properties\":{\"check\":{\"type\":\"string\"},\"status\":{\"type\":\"string\","
            + "\"enum\":[\"ok\",\"warn\",\"fail\",\"skip\"]},\"detail\":{\"type\":\"string\"},"
            + "\"fix\":{\"type\":\"string\"}}}},\"thresholds\":{\"type\":\"object\"}", "ready", "checks"),
        ToolSupport.annotations("Check the host before a deploy", true, false, true), null);
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext ctx, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> {
      Args a = new Args(arguments);
      Long disk = arguments.get("minFreeDiskMb") == null ? null : (long) a.integer("minFreeDiskMb", 0, MAX_MB, 0);
      Integer pct = arguments.get("minFreeDiskPercent") == null ? null : a.integer("minFreeDiskPercent", 0, 99, 0);
      Long mem = arguments.get("minAvailableMemoryMb") == null ? null
          : (long) a.integer("minAvailableMemoryMb", 0, MAX_MB, 0);
      boolean running = a.flag("running", false);
      HostReport r = checks.run(HostChecks.thresholds(disk, pct, mem), running);
      return ToolResults.ok(r.toMap(), r.summary() + "\n" + r.checks().stream().map(HostCheckTool::line)
          .collect(Collectors.joining("\n")));
    });
  }

  private static String line(Check c) {
    return c.status().id() + " " + c.name() + ": " + c.detail() + (c.fix() == null || c.status() == Check.Status.OK
        ? "" : " (fix: " + c.fix() + ")");
  }
}
