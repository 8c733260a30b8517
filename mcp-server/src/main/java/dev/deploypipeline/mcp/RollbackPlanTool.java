package dev.deploypipeline.mcp;

import dev.deploypipeline.approval.Approver;
import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.RollbackPlans;
import dev.deploypipeline.deploy.Views;
import dev.deploypipeline.rollbackplan.RollbackPlan;
import dev.deploypipeline.workflow.Deployment;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code rollback_plan}: the plan (markdown and script) for rolling one environment back; with {@code execute} it
 * is carried out through the pipeline's rollback. Over MCP nobody is verified, so executing behind the approval gate
 * is refused with the two ways that do it (the terminal, or deploy_rollback, which asks the human every call).
 */
public final class RollbackPlanTool implements McpTool {
  static final String NAME = "rollback_plan";

  private final DeploymentService service;
  private final Clock clock;

  public RollbackPlanTool(DeploymentService service, Clock clock) {
    this.service = service;
    this.clock = clock;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool(NAME, "Plan (or execute) a rollback",
        "Plan a rollback of one environment from the deployment history and the generated files: from the current "
            + "release to the one it replaced (or toVersion), the image tags before and after, the Caddy config "
            + "(the Caddyfile at the older commit, or the live config saved first), what cannot be rolled back "
            + "(named volumes, migrations) and what to do about it, the steps in order, how to verify, as markdown "
            + "and a runnable bash script. Changes nothing unless execute is true: then the pipeline rolls the "
            + "environment back (audited, health-checked) and the final deployment is returned. Executing behind "
            + "the approval gate (prod) needs a verified human and is refused here with the way to do it.",
        "{\"type\":\"object\",\"properties\":{"
            + "\"environment\":{\"type\":\"string\",\"pattern\":\"^[a-z][a-z0-9-]{0,30}$\",\"description\":"
            + "\"default: prod\"},"
            + "\"toVersion\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":200,\"description\":\"A version "
            + "recorded for the environment (deploy_history); default: the one the current deployment replaced\"},"
            + "\"execute\":{\"type\":\"boolean\",\"description\":\"Roll back through the pipeline now (default "
            + "false: plan only)\"},"
            + "\"reason\":{\"type\":\"string\",\"minLength\":3,\"maxLength\":2000,\"description\":\"Why: required "
            + "with execute, recorded in the audit trail\"}},\"additionalProperties\":false}",
        ToolSupport.outputSchema("\"service\":{\"type\":\"string\"},\"environment\":{\"type\":\"string\"},"
            + "\"possible\":{\"type\":\"boolean\"},\"reason\":{\"type\":\"string\"},\"from\":{\"type\":\"object\"},"
            + "\"to\":{\"type\":\"object\"},\"images\":{\"type\":\"array\"},\"irreversible\":{\"type\":\"array\"},"
            + "\"steps\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"verify\":{\"type\":\"array\","
            + "\"items\":{\"type\":\"string\"}},\"caddy\":{\"type\":\"string\"},\"markdown\":{\"type\":\"string\"},"
            + "\"script\":{\"type\":\"string\"},\"executed\":{\"type\":\"boolean\"},"
            + "\"deployment\":{\"type\":\"object\"}", "possible", "markdown", "script"),
        ToolSupport.annotations("Plan (or execute) a rollback", false, true, false), null);
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext ctx, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> {
      Args a = new Args(arguments);
      String env = a.optional("environment", DeployValidateTool.ENVIRONMENT, "an environment name such as prod");
      env = env == null ? "prod" : service.requireEnvironment("environment", env);
      String toVersion = a.optional("toVersion", null, "a version recorded for the environment");
      boolean execute = a.flag("execute", false);
      String reason = a.optional("reason", null, "why it is rolled back");
      if (execute && reason == null) {
        throw new DeployException(DeployException.Kind.BAD_INPUT, "reason: is required with execute (it is "
            + "recorded)", "add reason: why the environment is rolled back");
      }
      RollbackPlans plans = new RollbackPlans(service);
      RollbackPlan plan = plans.plan(env, toVersion);
      Map<String, Object> out = new LinkedHashMap<>(plan.toMap());
      if (!execute) {
        return ToolResults.ok(out, plan.markdown());
      }
      ctx.progress(0, 1.0, env + ": rolling back to " + (plan.to() == null ? "?" : plan.to().version()));
      Deployment d;
      try {
        d = plans.execute(plan, reason, Approver.unverified(service.actor(), "mcp"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while rolling back " + env, e);
      }
      ctx.progress(1, 1.0, d.id() + ": " + d.state().id());
      out.put("executed", true);
      out.put("deployment", Views.deployment(d, clock, McpVoice.INSTANCE));
      return ToolSupport.ok(env + " rolled back to " + plan.to().version() + " (" + d.id() + ", " + d.state().id()
          + ").", out);
    });
  }
}
