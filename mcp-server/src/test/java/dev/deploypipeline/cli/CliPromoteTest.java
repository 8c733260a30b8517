package dev.deploypipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.testutil.TestProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy start --env --version}, {@code deploy promote --from} and {@code deploy rollback --version} through
 * the real command tree on a four-environment project; the override by a human typing the version at a real
 * pseudo-terminal (util-linux {@code script}) running the real Main.
 */
class CliPromoteTest {
  static final String FOUR = """
      {"service": "svc", "path": ["dev", "qa", "staging", "prod"],
       "stages": {"validate": {"command": "true"}, "build": {"command": "true"}, "test": {"command": "true"}},
       "environments": {
         "dev": {"deploy": {"command": "true"}, "rollback": {"command": "true"}},
         "qa": {"deploy": {"command": "true"}, "rollback": {"command": "true"}},
         "staging": {"deploy": {"command": "true"}, "rollback": {"command": "true"}},
         "prod": {"deploy": {"command": "true"}, "rollback": {"command": "true"}}},
       "retry": {"maxAttempts": 1}}
      """;

  @TempDir Path dir;

  @BeforeEach
  void project() throws Exception {
    TestProjects.gitProject(dir, FOUR);
    TestProjects.git(dir, "tag", "v1.4.2");
  }

  private CliRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--project", dir.toString()));
    return CliRun.of(all.toArray(String[]::new));
  }

  @Test
  void aVersionGoesToDevThenIsPromotedStepByStepUpToTheGate() {
    CliRun dev = run("deploy", "start", "--env", "dev", "--version", "1.4.2");
    assertThat(dev.exit()).as(dev.err()).isZero();
    assertThat(dev.err()).contains("Started d-1: svc@1.4.2 to dev");
    assertThat(dev.out()).contains("svc@1.4.2").contains("COMPLETED");
    for (String from : List.of("dev", "qa")) {
      CliRun r = run("deploy", "promote", "--from", from);
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out()).contains("COMPLETED");
    }
    CliRun prod = run("deploy", "promote", "--from", "staging");
    assertThat(prod.exit()).as(prod.err()).isZero();
    assertThat(prod.err()).contains("Started d-4: svc@1.4.2 to prod (promoted from staging)");
    assertThat(prod.out()).contains("AWAITING-APPROVAL");
  }

  @Test
  void aSkipIsRefusedWithTheOverrideCommandAndAClaimedNameCannotOverride() {
    assertThat(run("deploy", "start", "--env", "dev", "--version", "1.4.2").exit()).isZero();
    CliRun skip = run("deploy", "start", "--env", "staging", "--version", "1.4.2");
    assertThat(skip.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(skip.err()).contains("error: version 1.4.2 has not passed qa (the environments before staging")
        .contains("next: promote it through qa first; or a human overrides it at a terminal (no MCP tool can): "
            + "deployment-pipeline deploy start --env staging --version 1.4.2 --override-promotion \"<reason>\"");
    // In-process, stdin is no terminal and nothing is signed: the override is refused and audited.
    CliRun claimed = run("deploy", "start", "--env", "staging", "--version", "1.4.2", "--override-promotion",
        "hotfix");
    assertThat(claimed.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(claimed.err()).contains("overriding the promotion guard needs a verified human");
    CliRun audit = run("deploy", "audit", "--json");
    assertThat(audit.out().replace(" ", "")).contains("\"rule\":\"promotion\"").doesNotContain("OVERRIDDEN");
  }

  @Test
  void argumentMistakesAreUsageErrors() {
    CliRun half = run("deploy", "start", "--env", "dev");
    assertThat(half.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(half.err()).contains("--env and --version go together");
    CliRun both = run("deploy", "start", "svc", "main", "--env", "dev", "--version", "1.4.2");
    assertThat(both.err()).contains("not both");
    CliRun stray = run("deploy", "start", "--override-promotion", "x");
    assertThat(stray.err()).contains("--override-promotion and --sign apply to --env with --version");
    CliRun unknown = run("deploy", "start", "--env", "dev", "--version", "1.4.3");
    assertThat(unknown.err()).contains("error: version 1.4.3 is unknown").contains("nearest known: 1.4.2");
    CliRun help = run("deploy", "start", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("--version=VERSION").contains("--override-promotion=REASON");
    CliRun last = run("deploy", "promote", "--from", "prod");
    assertThat(last.err()).contains("from: 'prod' is on the last step of the path (dev → qa → staging → prod)");
  }

  @Test
  void rollbackTakesVersionAndStillTheOldName() {
    for (String flag : List.of("--version", "--to-version")) {
      CliRun r = run("deploy", "rollback", "--env", "dev", flag, "9.9.9", "-r", "bad build");
      assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("version 9.9.9 was never deployed to dev");
    }
    CliRun noEnv = run("deploy", "rollback", "d-1", "--version", "1.0", "-r", "x");
    assertThat(noEnv.err()).contains("--version needs --env");
  }

  private String atTerminal(String typed, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--project", dir.toString()));
    var r = dev.deploypipeline.testutil.TerminalRun.of(java.util.Map.of(), "type the version", typed, all);
    return r.exit() + "\n" + r.screen();
  }

  @Test
  void aHumanAtATerminalWhoTypesTheVersionOverridesAndIsAudited() throws Exception {
    String wrong = atTerminal("1.4.1", "deploy", "start", "--env", "qa", "--version", "1.4.2",
        "--override-promotion", "INC-42 hotfix");
    assertThat(wrong).startsWith("2\n").contains("not passed in: dev").contains("did not match");
    String ok = atTerminal("1.4.2", "deploy", "start", "--env", "qa", "--version", "1.4.2",
        "--override-promotion", "INC-42 hotfix");
    assertThat(ok).startsWith("0\n").contains("promotion guard overridden by").contains("COMPLETED");
    String audit = Files.readString(dir.resolve(".claude/deployments/audit.jsonl")).replace(" ", "");
    assertThat(audit).contains("\"event\":\"OVERRIDDEN\"").contains("\"verifiedBy\":\"terminal\"")
        .contains("\"reason\":\"INC-42hotfix\"").contains("\"rule\":\"terminalConfirmation\"");
  }
}
