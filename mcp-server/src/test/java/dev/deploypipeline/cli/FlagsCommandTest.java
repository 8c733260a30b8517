package dev.deploypipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.testutil.CliProcess;
import dev.deploypipeline.testutil.CliProcess.Run;
import dev.deploypipeline.testutil.RealUnleash;
import dev.deploypipeline.testutil.TestProjects;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deployment-pipeline flags …} as a real process against a real Unleash. */
class FlagsCommandTest {
  @TempDir Path dir;
  RealUnleash unleash;

  @BeforeEach
  void project() throws Exception {
    unleash = RealUnleash.require();
    TestProjects.gitProject(dir, """
        {"service": "demo", "stages": {"validate": {"skip": true}, "build": {"skip": true}, "test": {"skip": true}},
         "environments": {"dev": {"deploy": {"skip": true}}, "staging": {"deploy": {"skip": true}},
           "prod": {"deploy": {"skip": true}}},
         "flags": {"provider": "unleash", "url": "%s", "environments": {"dev": "development", "prod": "production"}}}
        """.formatted(unleash.url()));
  }

  Run cli(String... args) throws Exception {
    Run r = CliProcess.run(dir, e -> e.put("UNLEASH_ADMIN_TOKEN", unleash.token()), args);
    assertThat(r.out() + r.err()).doesNotContain(unleash.token());
    return r;
  }

  @Test
  void enableRolloutListAndDisable() throws Exception {
    String flag = unleash.createFlag("cli");
    Run on = cli("flags", "enable", flag, "--env", "dev");
    assertThat(on.exit()).as(on.err()).isZero();
    assertThat(on.out()).contains("Flag " + flag + " is on in dev (Unleash development)");

    Run ramp = cli("flags", "rollout", flag, "25", "--env", "dev");
    assertThat(ramp.exit()).as(ramp.err()).isZero();

    Run list = cli("flags", "list");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains("  " + flag + "  dev=on 25%  prod=off");

    Run off = cli("flags", "disable", flag, "--env", "dev", "--json");
    assertThat(off.exit()).as(off.err()).isZero();
    assertThat(off.out()).contains("\"enabled\" : false");
  }

  @Test
  void turningAFlagOnInProdWithoutATerminalIsRefusedAndOffIsNot() throws Exception {
    String flag = unleash.createFlag("cli-prod");
    Run on = cli("flags", "rollout", flag, "10", "--env", "prod");
    assertThat(on.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(on.err()).contains("needs a verified human")
        .contains("deployment-pipeline flags rollout " + flag + " 10 --env prod");
    Run off = cli("flags", "disable", flag, "--env", "prod");
    assertThat(off.exit()).as(off.err()).isZero();
  }

  /** Runs the CLI inside a pseudo-terminal (util-linux script) and types {@code typed} at its prompt. */
  Run atTerminal(String typed, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--project", dir.toString()));
    var r = dev.deploypipeline.testutil.TerminalRun.of(java.util.Map.of("UNLEASH_ADMIN_TOKEN", unleash.token()),
        "type the flag's name", typed, all);
    assertThat(r.screen()).doesNotContain(unleash.token());
    return new Run(r.exit(), r.screen(), "");
  }

  @Test
  void aHumanAtATerminalWhoTypesTheFlagsNameTurnsItOnInProd() throws Exception {
    String flag = unleash.createFlag("cli-human");
    Run wrong = atTerminal("not-the-name", "flags", "rollout", flag, "30", "--env", "prod");
    assertThat(wrong.exit()).as(wrong.out()).isNotZero();
    assertThat(wrong.out()).contains("Turning feature flag " + flag + " to 30 % in prod").contains("did not match");

    Run ok = atTerminal(flag, "flags", "rollout", flag, "30", "--env", "prod");
    assertThat(ok.exit()).as(ok.out()).isZero();
    assertThat(ok.out()).contains("Flag " + flag + " is at 30 % in prod (Unleash production)");
    Run list = cli("flags", "list", "--json");
    assertThat(list.out()).contains(flag);
    String audit = java.nio.file.Files.readString(dir.resolve(".claude/deployments/audit.jsonl")).replace(" ", "");
    assertThat(audit).contains("\"verifiedBy\":\"terminal\"").contains("\"flag\":\"" + flag + "\"");
  }

  @Test
  void anUnknownFlagAndABadEnvironmentAreClearErrors() throws Exception {
    Run r = cli("flags", "enable", "no-such-flag-cli", "--env", "dev");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("flag 'no-such-flag-cli' does not exist in Unleash project 'default'");
    Run e = cli("flags", "enable", "x", "--env", "qa");
    assertThat(e.err()).contains("--env: 'qa' is not an environment of this project");
  }
}
