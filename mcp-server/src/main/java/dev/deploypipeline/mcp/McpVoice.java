package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.NextStep;

/**
 * MCP names a next step's actions as tool calls with their arguments. A prod approval and the store doctor have
 * no tool an agent may use on its own, so those name what a human does.
 */
public final class McpVoice implements NextStep.Voice {
  public static final McpVoice INSTANCE = new McpVoice();

  private McpVoice() {}

  @Override
  public String say(NextStep.Action a) {
    String id = "\"deploymentId\":\"" + (a.deploymentId() == null ? "<id>" : a.deploymentId()) + "\"";
    String service = "\"service\":\"" + (a.service() == null ? "<service>" : a.service()) + "\"";
    return switch (a.verb()) {
      case STATUS -> "deploy_status {" + id + "}";
      case LIST -> "deploy_status {}";
      case HISTORY -> "deploy_history {" + (a.environment() == null ? "" : "\"environment\":\"" + a.environment()
          + "\"") + "}";
      case START -> "deploy_start {" + service + ",\"branch\":\"main\"}";
      case VALIDATE -> "deploy_validate {" + service + ",\"environment\":\""
          + (a.environment() == null ? "dev" : a.environment()) + "\"}";
      case APPROVE -> "/deploy:approve " + a.deploymentId() + " in Claude Code, or `deployment-pipeline deploy approve "
          + a.deploymentId() + "` in a terminal";
      case REJECT -> "deploy_approve {" + id + ",\"decision\":\"reject\",\"comment\":\"<reason>\"}";
      case ROLLBACK -> "deploy_rollback {" + id + ",\"reason\":\"<reason>\"}";
      case RESUME -> "deploy_resume {" + id + "}";
      case DOCTOR -> "`deployment-pipeline doctor` in a terminal";
    };
  }
}
