package dev.deploypipeline.mcp;

import dev.deploypipeline.app.HarnessClients;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.deploy.FeatureFlags;
import dev.deploypipeline.deploy.HarnessTriggers;
import dev.deploypipeline.deploy.HostChecks;
import dev.deploypipeline.deploy.NotifyTests;
import dev.deploypipeline.release.Releases;
import dev.deploypipeline.workflow.Sleeper;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Every tool the server offers, in one place (tool names are public API). */
public final class Tools {
  /** What the server tells every client at initialize, whatever the transport. */
  public static final String INSTRUCTIONS = "Deploy services through validate, build, test, dev, staging and an "
      + "approval-gated prod. Start with deploy_start, follow with deploy_status; approval needs an explicit human "
      + "decision.";

  private Tools() {}

  public static List<McpTool> all(DeploymentService service, Map<String, String> env, Sleeper sleeper, Clock clock) {
    Waiter waiter = new Waiter(service, clock);
    // One client per harness config for the server's life (the process: tools have no shutdown of their own).
    HarnessTriggers harness = new HarnessTriggers(service, env, new HarnessClients(env, sleeper, clock), sleeper, clock);
    FeatureFlags flags = new FeatureFlags(service, dev.deploypipeline.app.App.flagProviders(env), clock);
    return List.of(
        new DeployStartTool(service, waiter),
        new DeployStatusTool(service, clock, flags),
        new DeployApproveTool(service, waiter),
        new DeployRollbackTool(service, clock),
        new DeployHistoryTool(service),
        new DeployValidateTool(service),
        new DeployResumeTool(service, waiter),
        new ComposeValidateTool(service.projectDir()),
        new EnvListTool(service.projectDir()),
        new EnvDiffTool(service.projectDir()),
        new HelmCheckTool(service.projectDir(), () -> new ConfigLoader(env).withoutChannelChecks()
            .load(service.projectDir()), env),
        new HarnessTriggerPipelineTool(harness),
        new HarnessGetExecutionTool(harness),
        new NotifyTestTool(new NotifyTests(() -> new ConfigLoader(env).withoutChannelChecks().load(service.projectDir()),
            env, sleeper, clock, r -> service.store().write(w -> w.audit(r))), service::actor),
        new FlagsListTool(flags),
        new FlagsSetTool(flags, service),
        new HostCheckTool(new HostChecks(service.projectDir(), env)),
        new RollbackPlanTool(service, clock),
        new DeploySetupTool(service.projectDir(), env::get),
        new DeployGenerateTool(service.projectDir(), () -> new ConfigLoader(env).withoutChannelChecks()
            .load(service.projectDir()), env),
        new ReleaseNotesTool(new Releases(service.projectDir(), clock)),
        new ReleasePrepareTool(new Releases(service.projectDir(), clock)));
  }
}
