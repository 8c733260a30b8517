package dev.deploypipeline;

import dev.deploypipeline.cli.RootCommand;
import dev.deploypipeline.mcp.stdio.ServeCommand;
import picocli.CommandLine;

/** No arguments or {@code serve}: MCP over stdio. Anything else: the CLI. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // Hibernate Validator logs through jboss-logging; route it to SLF4J (stderr) instead of JUL's format.
    System.setProperty("org.jboss.logging.provider", "slf4j");
    // The server skips picocli: building the whole command tree costs tens of ms on every Claude Code start-up.
    if (args.length == 0 || (args.length == 1 && "serve".equals(args[0]))) {
      System.exit(new ServeCommand().call());
    }
    CommandLine cli = RootCommand.commandLine();
    cli.addSubcommand("serve", new ServeCommand());
    int code = cli.execute(args);
    System.exit(code);
  }
}
