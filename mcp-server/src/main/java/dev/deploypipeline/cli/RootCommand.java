package dev.deploypipeline.cli;

import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.mcp.McpStdioServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code deployment-pipeline}: the CLI; with no subcommand it serves MCP over stdio. */
@Command(name = "deployment-pipeline", mixinStandardHelpOptions = true, version = McpStdioServer.VERSION,
    description = "Durable, gated deployments: dev → staging → approval → prod, with retries, rollback and an "
        + "audit trail. With no command, runs the MCP server over stdio.",
    subcommands = {ServeCommand.class, DeployCommand.class, HarnessCommand.class, DoctorCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done (at the approval gate, or completed)", "1:the deployment or rollback failed",
        "2:nothing was done: bad arguments, config, id or state", "3:internal error"})
public final class RootCommand {
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new RootCommand());
    cl.addSubcommand("compose", new ComposeCommand());
    cl.addSubcommand("notify", new NotifyCommand(System.getenv()));
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof DeployException de) {
        cmd.getErr().println("error: " + de.getMessage());
        if (de.nextStep() != null) cmd.getErr().println("next: " + de.nextStep());
        return de.kind() == DeployException.Kind.ROLLBACK_FAILED ? ExitCodes.FAILED : ExitCodes.USAGE;
      }
      if (e instanceof dev.deploypipeline.store.StoreException se) {
        cmd.getErr().println("error: " + (se.nextStep() != null ? se.problem() : se.getMessage()));
        cmd.getErr().println("next: " + (se.nextStep() != null ? se.nextStep()
            : "deployment-pipeline doctor (--repair restores records and rebuilds the index)"));
        return ExitCodes.FAILED;
      }
      cmd.getErr().println("internal error: " + e);
      return ExitCodes.INTERNAL;
    });
    return cl;
  }
}
