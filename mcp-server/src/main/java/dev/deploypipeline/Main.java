package dev.deploypipeline;

import dev.deploypipeline.cli.RootCommand;
import dev.deploypipeline.mcp.stdio.ServeCommand;

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
    String[] effective = args;
    int code = RootCommand.commandLine().execute(effective);
    System.exit(code);
  }
}
