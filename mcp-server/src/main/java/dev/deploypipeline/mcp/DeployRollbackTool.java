package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Views;
import dev.deploypipeline.workflow.Deployment;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import dev.deploypipeline.deploy.DeployException;
import java.util.List;
import java.util.Map;

/**
 * deploy_rollback: undo a deployment in every environment it touched, newest first; or roll one environment back
 * (its current deployment), optionally to a named recorded version.
 */
public final class DeployRollbackTool implements McpTool {
  private final DeploymentService service;
  private final Clock clock;

  public DeployRollbackTool(DeploymentService service, Clock clock) {
    this.service = service;
    this.clock = clock;
  }

  @Override
  public McpSchema.Tool definition() {
    return ToolSupport.tool("deploy_rollback", "Roll back a deployment",
        "Roll a deployment back: stop driving it, run each reached environment's rollback (newest first) with the "
            + "release it replaced, health-check, and end in rolled-back. Legal from failed, completed, "
            + "awaiting-approval and deploying-*. Give deploymentId, or environment alone to roll back whatever was "
            + "deployed there last; toVersion picks any version recorded for that environment. A blue-green "
            + "environment whose old colour is still warm is rolled back by one router switch (the result's "
            + "rollout.rollback says kind=switch and durationMs). Returns the final deployment; on a failed step the "
            + "state is unchanged and the error names the environment.",
        "{\"type\":\"object\",\"properties\":{\"deploymentId\":" + Schemas.DEPLOYMENT_ID + ","
            + "\"environment\":{\"type\":\"string\",\"pattern\":\"^[a-z][a-z0-9-]{0,30}$\","
            + "\"description\":\"Roll back only this environment (alone: its newest deployment)\"},"
            + "\"toVersion\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":200,"
            + "\"description\":\"A version recorded for the environment (deploy_history); default: the one replaced\"},"
            + "\"reason\":{\"type\":\"string\",\"minLength\":3,\"maxLength\":2000,"
            + "\"description\":\"Why: recorded in the audit trail\"}},"
            + "\"required\":[\"reason\"],\"additionalProperties\":false}",
        Schemas.deploymentOutput(), ToolSupport.annotations("Roll back a deployment", false, true, false),
        Map.of("anthropic/requiresUserInteraction", true));
  }

  @Override
  public McpSchema.CallToolResult call(ToolContext ctx, Map<String, Object> arguments) {
    return ToolSupport.guarded(() -> {
      Args a = new Args(arguments);
      String id = a.optional("deploymentId", DeployStatusTool.ID, "a deployment id such as d-42");
      String env = arguments.get("environment") == null ? null
          : service.requireEnvironment("environment", a.required("environment", DeployValidateTool.ENVIRONMENT,
              "an environment name such as prod"));
      String toVersion = a.optional("toVersion", null, "a version recorded for the environment");
      String reason = a.required("reason", null, "why it is rolled back");
      if (id == null && env == null) {
        throw new DeployException(DeployException.Kind.BAD_INPUT, "deploymentId or environment: give one of them",
            "deploy_rollback with deploymentId (from deploy_history), or environment to roll back its newest");
      }
      if (toVersion != null && env == null) {
        throw new DeployException(DeployException.Kind.BAD_INPUT, "toVersion: needs environment (which one to "
            + "roll back to " + toVersion + ")", "add environment: which one to roll back");
      }
      String what = id != null ? id : env;
      ctx.progress(0, 1.0, what + ": rolling back");
      Deployment d;
      try {
        String actor = ctx.actor(service::actor);
        d = id != null ? service.rollback(id, reason, actor, env, toVersion)
            : service.rollbackEnvironment(env, toVersion, reason, actor);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while rolling back " + what, e);
      }
      ctx.progress(1, 1.0, d.id() + ": " + d.state().id());
      Map<String, Object> view = Views.deployment(d, clock, McpVoice.INSTANCE);
      return ToolSupport.ok(d.id() + " rolled back" + (env == null ? "" : " in " + env)
          + (toVersion == null ? "" : " to " + toVersion) + switchNote(view) + " (" + reason + ").", view);
    });
  }

  /** "by a switch in 42 ms" when the rollback was a blue-green switch back to the warm colour. */
  @SuppressWarnings("unchecked")
  static String switchNote(Map<String, Object> view) {
    if (!(view.get("rollout") instanceof Map<?, ?> r) || !(r.get("rollback") instanceof Map<?, ?> b)) return "";
    return " by a " + ("switch".equals(b.get("kind")) ? "switch back to the warm colour" : b.get("kind")) + " in "
        + b.get("durationMs") + " ms";
  }
}
