package dev.deploypipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.testutil.TestProjects;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** `check` and `rollback-plan` as a user runs them: output, files and exit codes (cli/ExitCodes). */
class CheckAndRollbackPlanCommandTest {
  @TempDir Path dir;

  private CliRun cli(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--project";
    all[args.length + 1] = dir.toString();
    return CliRun.of(all);
  }

  @Test
  void checkExitsZeroWhenReadyOneOnAFailureTwoOnBadInput() throws Exception {
    CliRun ready = cli("check", "--json", "--min-disk-mb", "0", "--min-disk-percent", "0", "--min-memory-mb", "0");
    assertThat(ready.exit()).as(ready.out() + ready.err()).isZero();
    JsonNode body = JsonMapper.builder().build().readTree(ready.out());
    assertThat(body.get("ready").asBoolean()).isTrue();
    assertThat(body.get("checks").get(0).get("check").asString()).isEqualTo("disk-project");

    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  web:\n    image: demo:1\n    ports: [\"127.0.0.1:"
          + taken.getLocalPort() + ":80\"]\n");
      CliRun busy = cli("check", "--min-disk-mb", "0", "--min-disk-percent", "0", "--min-memory-mb", "0");
      assertThat(busy.exit()).isEqualTo(ExitCodes.FAILED);
      assertThat(busy.out()).contains("FAIL port 127.0.0.1:" + taken.getLocalPort() + "/tcp",
          "     fix: see who holds it with `ss -lntup", "not ready: ");
    }
    CliRun bad = cli("check", "--min-disk-percent", "100");
    assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("error: minFreeDiskPercent: must be from 0 to 99, was 100");
  }

  @Test
  void rollbackPlanPrintsWritesAndExecutesThroughThePipeline() throws Exception {
    TestProjects.gitProject(dir, TestProjects.config("true", "true", "true", "true", "true", null));
    assertThat(cli("rollback-plan").exit()).as("nothing deployed yet").isEqualTo(ExitCodes.FAILED);
    assertThat(cli("deploy", "start", "svc").exit()).isZero();
    CliRun first = cli("rollback-plan", "--env", "staging");
    assertThat(first.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(first.out()).contains("Nothing to roll back to: d-1 (");
    // One deployment at a time: d-1 waits at the prod gate until it is decided.
    assertThat(cli("deploy", "reject", "d-1", "-m", "not this one").exit()).isZero();
    assertThat(cli("deploy", "start", "svc").exit()).isZero();

    CliRun md = cli("rollback-plan", "--env", "staging");
    assertThat(md.exit()).as(md.err()).isZero();
    assertThat(md.out()).startsWith("# Rollback plan: svc in staging").contains("From **", "(d-2", "(d-1",
        "## Steps", "## Verify", "```bash\n#!/usr/bin/env bash");
    CliRun sh = cli("rollback-plan", "--env", "staging", "--script");
    assertThat(sh.out()).startsWith("#!/usr/bin/env bash\n# Rollback of svc in staging");

    CliRun wrote = cli("rollback-plan", "--env", "staging", "--output", "plans");
    assertThat(wrote.exit()).isZero();
    Path script = dir.resolve("plans/rollback-staging.sh");
    assertThat(timeless(Files.readString(script))).isEqualTo(timeless(sh.out()));
    assertThat(Files.getPosixFilePermissions(script)).contains(PosixFilePermission.OWNER_EXECUTE);
    assertThat(timeless(Files.readString(dir.resolve("plans/rollback-staging.md")))).isEqualTo(timeless(md.out()));

    CliRun noReason = cli("rollback-plan", "--env", "staging", "--execute");
    assertThat(noReason.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(noReason.err()).contains("--execute needs --reason");
    CliRun unknown = cli("rollback-plan", "--env", "staging", "--to-version", "nope");
    assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("version nope was never deployed to staging");

    CliRun done = cli("rollback-plan", "--env", "staging", "--execute", "--reason", "broken in staging", "--json");
    assertThat(done.exit()).as(done.out() + done.err()).isZero();
    JsonNode d = JsonMapper.builder().build().readTree(done.out());
    assertThat(d.get("deploymentId").asString()).isEqualTo("d-2");
    assertThat(d.get("rollbackReason").asString()).isEqualTo("rollback-plan: broken in staging");
  }

  /** Without the "made at" line: each run stamps its own time. */
  private static String timeless(String plan) {
    return plan.replaceAll("(?m)^# Made by .*$", "");
  }
}
