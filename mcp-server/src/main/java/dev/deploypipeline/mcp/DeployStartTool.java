package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Views;
import dev.deploypipeline.workflow.Deployment;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/** deploy_start: create a deployment and drive it in the background; with wait, until the gate or the end. */
public final class DeployStartTool implements McpTool {
  static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  static final Pattern REF = Pattern.compile("[A-Za-z0-9._/@+-]{1,200}");

  private final DeploymentService service;
  private final Waiter waiter;

  public DeployStartTool(DeploymentService service, Waiter waiter) {
    this.service = service;
    this.waiter = waiter;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool("deploy_start", "Start a deployment",
        "Start a deployment of a service at a git branch (or exact commit) through validate, build, test, dev, "
            + "staging, then stop at the prod approval gate. Runs the deploy_validate checklist first and refuses (with "
            + "the failed checks) if a blocking check fails. Returns the deploymentId and state at once; with "
            + "wait=true it blocks until the gate or the end, sending progress. Follow up with deploy_status.",
        """
        {"type":"object","properties":{
          "service":{"type":"string","pattern":"^[a-z0-9][a-z0-9._-]{0,62}$","description":"Service name as in .claude/deployment-config.json (service)"},
          "branch":{"type":"string","minLength":1,"maxLength":200,"description":"Git branch to deploy, e.g. main"},
          "commit":{"type":"string","minLength":4,"maxLength":200,"description":"Exact commit (sha or ref); default: the branch's head"},
          "wait":{"type":"boolean","default":false,"description":"Block until awaiting-approval, completed or failed"},
          "waitTimeoutSeconds":%s
        },"required":["service","branch"],"additionalProperties":false}""".formatted(Schemas.WAIT_TIMEOUT),
        Schemas.deploymentOutput(), ToolSupport.annotations("Start a deployment", false, false, false), null);
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext ctx, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> {
      Args a = new Args(arguments);
      String svc = a.required("service", SERVICE, "a service name (lowercase letters, digits, . _ -)");
      String branch = a.required("branch", REF, "a git branch name");
      String commit = a.optional("commit", REF, "a commit sha or ref");
      boolean wait = a.flag("wait", false);
      int timeout = a.waitTimeout();
      Deployment d = service.start(svc, branch, commit, ctx.actor(service::actor), "mcp");
      CompletableFuture<Deployment> run = service.driveAsync(d.id());
      Deployment now = wait ? waiter.await(d.id(), run, timeout, ctx) : service.get(d.id());
      Map<String, Object> view = Views.deployment(now, waiter.clock(), McpVoice.INSTANCE);
      return ToolSupport.ok("Deployment " + d.id() + " of " + svc + "@" + d.version() + " is " + now.state().id()
          + ".", view);
    });
  }
}
