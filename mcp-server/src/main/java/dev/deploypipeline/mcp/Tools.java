package dev.deploypipeline.mcp;

import dev.deploypipeline.deploy.DeploymentService;
import java.time.Clock;
import java.util.List;

/** Every tool the server offers, in one place (tool names are public API). */
public final class Tools {
  private Tools() {}

  public static List<McpTool> all(DeploymentService service, Clock clock) {
    Waiter waiter = new Waiter(service, clock);
    return List.of(
        new DeployStartTool(service, waiter),
        new DeployStatusTool(service, clock),
        new DeployApproveTool(service, waiter),
        new DeployRollbackTool(service, clock),
        new DeployHistoryTool(service));
  }
}
