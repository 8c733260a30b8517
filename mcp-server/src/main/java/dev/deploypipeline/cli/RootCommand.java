package dev.deploypipeline.cli;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeployException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code deployment-pipeline}: the CLI; with no subcommand it serves MCP over stdio. {@code serve} is added by
 * {@code Main}: the CLI does not know the MCP front end.
 */
@Command(name = "deployment-pipeline", mixinStandardHelpOptions = true, version = App.VERSION,
    description = "Durable, gated deployments: dev → staging → approval → prod, with retries, rollback and an "
        + "audit trail. With no command, runs the MCP server over stdio.",
    subcommands = {InitCommand.class, DeployCommand.class, HarnessCommand.class, DoctorCommand.class,
        CheckCommand.class, RollbackPlanCommand.class, SetupCommand.class, GenerateCommand.class,
        StoreCommand.class, ReleaseCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done (at the approval gate, or completed)", "1:the deployment or rollback failed",
        "2:nothing was done: bad arguments, config, id or state", "3:internal error"})
public final class RootCommand {
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new RootCommand());
    cl.addSubcommand("compose", new ComposeCommand());
    cl.addSubcommand("helm", new HelmCommand());
    cl.addSubcommand("notify", new NotifyCommand(System.getenv()));
    cl.addSubcommand("flags", new FlagsCommand());
    cl.addSubcommand("env", new EnvCommand());
    CliErrors.install(cl);
    return cl;
  }
}
