package dev.deploypipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The README promises --json, --project and --help on every command: each leaf of the real tree has them. */
class CommonOptionsTest {
  /** Commands that only serve MCP or print help: they have no result to print as JSON. */
  private static final List<String> NOT_A_RESULT = List.of("deployment-pipeline serve", "deployment-pipeline help");

  static Stream<String> leaves() {
    List<String> names = new ArrayList<>();
    collect(RootCommand.commandLine(), names);
    return names.stream().filter(n -> !NOT_A_RESULT.contains(n));
  }

  private static void collect(CommandLine cl, List<String> names) {
    if (cl.getSubcommands().isEmpty()) names.add(cl.getCommandSpec().qualifiedName());
    cl.getSubcommands().values().forEach(c -> collect(c, names));
  }

  @Test
  void theTreeIsWalked() {
    assertThat(leaves()).contains("deployment-pipeline compose validate", "deployment-pipeline notify test",
        "deployment-pipeline deploy start", "deployment-pipeline doctor", "deployment-pipeline harness trigger");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("leaves")
  void everyCommandTakesJsonProjectAndHelp(String qualifiedName) {
    CommandLine cl = RootCommand.commandLine();
    for (String part : qualifiedName.split(" ")) {
      if (!part.equals("deployment-pipeline")) cl = cl.getSubcommands().get(part);
    }
    CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
    assertThat(spec.findOption("--json")).as("--json").isNotNull();
    assertThat(spec.findOption("--project")).as("--project").isNotNull();
    assertThat(spec.findOption("--help")).as("--help").isNotNull();
  }

  @Test
  void anUnknownOptionWithJsonIsAJsonErrorOnStdoutWithTheUsageExitCode() {
    CliRun r = CliRun.of("deploy", "status", "--json", "--bogus");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).contains("\"error\" : \"Unknown option: '--bogus'\"",
        "\"nextStep\" : \"see `deployment-pipeline deploy status --help`\"");
    // stderr is the process's, shared with daemon threads other tests left running (a lease heartbeat may log
    // there), so check that the error itself stayed off it rather than that it is empty.
    assertThat(r.err()).doesNotContain("--bogus", "error:", "Unknown option");
  }
}
