package dev.deploypipeline.mcp;

import dev.deploypipeline.approval.EffectivePolicy;
import dev.deploypipeline.deploy.Approvals;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Preflight;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** deploy_validate: the pre-deploy checklist for one environment; reads only (plus one bounded health GET). */
public final class DeployValidateTool implements McpTool {
  /** An environment name as the config allows it; whether the project has it is checked against the config. */
  static final java.util.regex.Pattern ENVIRONMENT = dev.deploypipeline.workflow.State.ENVIRONMENT_NAME_PATTERN;

  private final DeploymentService service;

  public DeployValidateTool(DeploymentService service) {
    this.service = service;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool("deploy_validate", "Check a deployment can start",
        "Pre-deploy checklist for a service and environment, without deploying: config valid, required environment "
            + "variables set (names only), the environment's health URL reachable (advisory), no other active "
            + "deployment of the service, the deployment window open (no freeze), the branch/commit in the local "
            + "git repository, and whether the environment can be reached: its url (check url, advisory) and what "
            + "deploys it (router: Caddy admin or HAProxy runtime API; docker: the Docker daemon of a Compose "
            + "target; harness: the Harness project). ok=false when a blocking check fails; deploy_start runs the "
            + "same checks. "
            + "approvalPolicy shows the prod gate in force and warns when the working tree's config would weaken it "
            + "(such edits are ignored).",
        """
        {"type":"object","properties":{
          "service":{"type":"string","pattern":"^[a-z0-9][a-z0-9._-]{0,62}$","description":"Service name as in .claude/deployment-config.json"},
          "environment":{"type":"string","pattern":"^[a-z][a-z0-9-]{0,30}$","description":"An environment of the project's config (dev, staging, prod unless it declares a path)"},
          "branch":{"type":"string","minLength":1,"maxLength":200,"default":"main","description":"Git branch to check"},
          "commit":{"type":"string","minLength":4,"maxLength":200,"description":"Exact commit to check instead of the branch"}
        },"required":["service","environment"],"additionalProperties":false}""",
        ToolSupport.outputSchema("\"service\":{\"type\":\"string\"},\"environment\":{\"type\":\"string\"},"
            + "\"ref\":{\"type\":\"string\"},\"ok\":{\"type\":\"boolean\"},\"checks\":{\"type\":\"array\",\"items\":"
            + "{\"type\":\"object\",\"properties\":{\"check\":{\"type\":\"string\"},\"ok\":{\"type\":\"boolean\"},"
            + "\"detail\":{\"type\":\"string\"},\"blocking\":{\"type\":\"boolean\"}},"
            + "\"required\":[\"check\",\"ok\",\"detail\",\"blocking\"]}}," + Schemas.APPROVAL_POLICY, "ok",
            "checks"),
        ToolSupport.annotations("Check a deployment can start", true, false, true), null);
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext ctx, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> {
      Args a = new Args(arguments);
      String svc = a.required("service", DeployStartTool.SERVICE, "a service name (lowercase letters, digits, . _ -)");
      String env = service.requireEnvironment("environment", a.required("environment", ENVIRONMENT,
          "an environment name such as dev or prod-eu"));
      String branch = a.optional("branch", DeployStartTool.REF, "a git branch name");
      String commit = a.optional("commit", DeployStartTool.REF, "a commit sha or ref");
      String ref = commit != null ? commit : branch != null ? branch : "main";
      Preflight.Report r = service.validate(svc, env, ref);
      long failed = r.checks().stream().filter(c -> !c.ok()).count();
      EffectivePolicy policy = service.approvals().policyForRef(svc, ref);
      Map<String, Object> view = new LinkedHashMap<>(r.view());
      view.put("approvalPolicy", Approvals.view(policy));
      return ToolSupport.ok(svc + " → " + env + ": " + (r.passed() ? "ready" : "NOT ready") + " (" + failed
          + " of " + r.checks().size() + " checks failed)" + ToolSupport.warnings(policy.warnings()), view);
    });
  }
}
