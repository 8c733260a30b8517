package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Versions;
import dev.deploypipeline.deploy.Views;
import dev.deploypipeline.workflow.Deployment;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * deploy_start: create a deployment and drive it in the background; with wait, until the gate or the end. Either a
 * full run from a branch, or a version to one environment (the promotion rule applies; no tool can override it).
 */
public final class DeployStartTool implements McpTool {
  static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  static final Pattern REF = Pattern.compile("[A-Za-z0-9._/@+-]{1,200}");
  static final Pattern ENVIRONMENT = dev.deploypipeline.workflow.State.ENVIRONMENT_NAME_PATTERN;

  private final DeploymentService service;
  private final Waiter waiter;

  public DeployStartTool(DeploymentService service, Waiter waiter) {
    this.service = service;
    this.waiter = waiter;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool("deploy_start", "Start a deployment",
        "Start a deployment of a service: either a full run at a git branch (or exact commit) through validate, "
            + "build, test and each environment of the promotion path, stopping at the approval gate; or, with "
            + "environment and version instead of branch, that version to that one environment (no build stages). "
            + "A version is one a deployment recorded or a git tag v<version>/<version>, and it must have passed "
            + "every environment before the target on the path (refused otherwise; only a human at a terminal can "
            + "override). Runs the deploy_validate checklist first and refuses (with the failed checks) if a "
            + "blocking check fails. Returns the deploymentId and state at once; with wait=true it blocks until "
            + "the gate or the end, sending progress. Follow up with deploy_status.",
        """
        {"type":"object","properties":{
          "service":{"type":"string","pattern":"^[a-z0-9][a-z0-9._-]{0,62}$","description":"Service name as in .claude/deployment-config.json (service)"},
          "branch":{"type":"string","minLength":1,"maxLength":200,"description":"Git branch to deploy, e.g. main (a full run; not with environment/version)"},
          "commit":{"type":"string","minLength":4,"maxLength":200,"description":"Exact commit (sha or ref); default: the branch's head"},
          "environment":{"type":"string","pattern":"^[a-z][a-z0-9-]{0,30}$","description":"Deploy version to this one configured environment (with version, instead of branch)"},
          "version":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$","description":"The version to deploy to environment, e.g. 1.4.2 (recorded by a deployment, or a git tag)"},
          "wait":{"type":"boolean","default":false,"description":"Block until awaiting-approval, completed or failed"},
          "waitTimeoutSeconds":%s
        },"required":["service"],"additionalProperties":false}""".formatted(Schemas.WAIT_TIMEOUT),
        Schemas.deploymentOutput(), ToolSupport.annotations("Start a deployment", false, false, false), null);
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext ctx, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> {
      Args a = new Args(arguments);
      String svc = a.required("service", SERVICE, "a service name (lowercase letters, digits, . _ -)");
      String env = a.optional("environment", ENVIRONMENT, "an environment name such as staging");
      String version = a.optional("version", Versions.VERSION, "a version such as 1.4.2");
      boolean wait = a.flag("wait", false);
      int timeout = a.waitTimeout();
      String actor = ctx.actor(service::actor);
      Deployment d;
      if (env != null || version != null) {
        if (env == null || version == null) {
          throw bad((env == null ? "environment" : "version") + ": is required with "
              + (env == null ? "version" : "environment") + " (a version to one environment)");
        }
        if (arguments.get("branch") != null || arguments.get("commit") != null) {
          throw bad("branch/commit and environment/version are exclusive: give branch for a full run, or "
              + "environment with version for one environment");
        }
        d = service.promotions().start(service.promotions().plan(svc, env, version), actor, "mcp", null);
      } else {
        String branch = a.required("branch", REF, "a git branch name; or give environment and version instead");
        String commit = a.optional("commit", REF, "a commit sha or ref");
        d = service.start(svc, branch, commit, actor, "mcp");
      }
      CompletableFuture<Deployment> run = service.driveAsync(d.id());
      Deployment now = wait ? waiter.await(d.id(), run, timeout, ctx) : service.get(d.id());
      Map<String, Object> view = Views.deployment(now, waiter.clock(), McpVoice.INSTANCE);
      return ToolSupport.ok("Deployment " + d.id() + " of " + svc + "@" + d.version() + (env == null ? ""
          : " to " + env) + " is " + now.state().id() + ".", view);
    });
  }

  static DeployException bad(String message) {
    return new DeployException(DeployException.Kind.BAD_INPUT, message, "correct the arguments and call again");
  }
}
