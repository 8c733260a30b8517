package dev.deploypipeline;

import dev.deploypipeline.cli.RootCommand;

/** No arguments or {@code serve}: MCP over stdio. Anything else: the CLI. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // Hibernate Validator logs through jboss-logging; route it to SLF4J (stderr) instead of JUL's format.
    System.setProperty("org.jboss.logging.provider", "slf4j");
    String[] effective = args.length == 0 ? new String[] {"serve"} : args;
    int code = RootCommand.commandLine().execute(effective);
    System.exit(code);
  }
}
