package dev.deploypipeline.mcp;

import dev.deploypipeline.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.harness.HarnessConfig;
import dev.deploypipeline.workflow.Sleeper;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** Every tool the server offers, in one place (tool names are public API). */
public final class Tools {
  private Tools() {}

  public static List<McpTool> all(DeploymentService service, Map<String, String> env, Sleeper sleeper, Clock clock) {
    Waiter waiter = new Waiter(service, clock);
    Supplier<HarnessConfig> harness = () -> service.config().harness();
    Function<HarnessConfig, dev.deploypipeline.harness.HarnessClient> clients =
        cfg -> App.harnessClient(cfg, env, sleeper, clock);
    return List.of(
        new DeployStartTool(service, waiter),
        new DeployStatusTool(service, clock),
        new DeployApproveTool(service, waiter),
        new DeployRollbackTool(service, clock),
        new DeployHistoryTool(service),
        new DeployValidateTool(service),
        new DeployResumeTool(service, waiter),
        new ComposeValidateTool(service.projectDir()),
        new HarnessTriggerPipelineTool(harness, clients, sleeper, clock),
        new HarnessGetExecutionTool(harness, clients),
        new NotifyTestTool(service::config, env, sleeper, clock, r -> service.store().write(w -> w.audit(r))));
  }
}
