package dev.deploypipeline;

import dev.deploypipeline.cli.RootCommand;
import dev.deploypipeline.dashboard.DashboardServlet;
import dev.deploypipeline.mcp.stdio.ServeCommand;
import dev.deploypipeline.secrets.Redaction;
import dev.deploypipeline.secrets.RedactingStream;
import dev.deploypipeline.web.HttpServeCommand;
import dev.deploypipeline.web.TokenCommand;
import picocli.CommandLine;

/** No arguments or {@code serve}: MCP over stdio. {@code serve --http}: the web host. Anything else: the CLI. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // Hibernate Validator logs through jboss-logging; route it to SLF4J (stderr) instead of JUL's format.
    System.setProperty("org.jboss.logging.provider", "slf4j");
    // Every print on stderr (logs included) and the CLI's stdout passes the one redactor; serve keeps the real
    // stdout descriptor for the protocol, whose tool results are redacted where they are built (ToolResults).
    Redaction.learnLater(System.getenv());
    System.setErr(RedactingStream.wrap(System.err));
    System.setOut(RedactingStream.wrap(System.out));
    // They hold a line until its newline: an unterminated last line is written at exit.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.flush();
      System.err.flush();
    }, "flush-output"));
    // The server skips picocli: building the whole command tree costs tens of ms on every Claude Code start-up.
    if (args.length == 0 || (args.length == 1 && "serve".equals(args[0]))) {
      System.exit(new ServeCommand().call());
    }
    if (args.length > 0 && "serve".equals(args[0]) && java.util.Arrays.asList(args).contains("--http")) {
      System.exit(new CommandLine(new HttpServeCommand(DashboardServlet::new)).execute(java.util.Arrays.copyOfRange(args, 1,
          args.length)));
    }
    CommandLine cli = RootCommand.commandLine();
    cli.addSubcommand("serve", new ServeCommand());
    cli.addSubcommand("token", new TokenCommand());
    int code = cli.execute(args);
    System.exit(code);
  }
}
