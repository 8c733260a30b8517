package dev.deploypipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.approval.SshKeys;
import dev.deploypipeline.testutil.RequiredTool;
import dev.deploypipeline.testutil.TestProjects;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code env list|show|create|delete} through the real command tree: edits land in the config file (nothing when
 * invalid), and deleting prod takes a human at a real terminal (a pseudo-terminal from util-linux {@code script})
 * or an SSH signature.
 */
class EnvConfigCommandsTest {
  static final String THREE_ENVS = """
      {"service": "svc",
       "stages": {"validate": {"command": "true"}, "build": {"command": "true"}, "test": {"command": "true"}},
       "environments": {"dev": {"deploy": {"command": "true"}}, "staging": {"deploy": {"command": "true"}},
                        "prod": {"deploy": {"command": "true"}}}}
      """;
  @TempDir Path dir;
  @TempDir Path keys;
  Path config;

  @BeforeEach
  void setUp() throws Exception {
    TestProjects.gitProject(dir, THREE_ENVS);
    config = dir.resolve(".claude/deployment-config.json");
  }

  CliRun cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--project", dir.toString()));
    return CliRun.of(all.toArray(String[]::new));
  }

  @Test
  void createShowListAndDeleteAStagingLikeEnvironment() throws Exception {
    Files.writeString(dir.resolve("qa.json"), "{\"deploy\": {\"command\": \"true\"}, \"variables\": {\"TIER\": "
        + "\"qa\"}}");
    CliRun create = cli("env", "create", "qa", "--type", "staging", "--url", "http://127.0.0.1:9/", "--after", "dev",
        "--from-json", "qa.json");
    assertThat(create.exit()).as(create.err()).isZero();
    assertThat(create.out()).contains("created qa (staging), step 2 of the promotion path")
        .contains("variableNames     [TIER]");
    assertThat(Files.readString(config)).contains("\"path\": [ \"dev\", \"qa\", \"staging\", \"prod\" ]");

    CliRun show = cli("env", "show", "qa", "--json");
    assertThat(show.exit()).as(show.err()).isZero();
    assertThat(show.out()).contains("\"type\" : \"staging\"", "\"url\" : \"http://127.0.0.1:9/\"", "\"step\" : 2");

    CliRun list = cli("env", "list");
    assertThat(list.out()).containsPattern("qa +staging +2 +command");
    assertThat(list.out()).containsPattern("prod +production +4 +command +required");

    CliRun delete = cli("env", "delete", "qa");
    assertThat(delete.exit()).as(delete.err()).isZero();
    assertThat(delete.out()).contains("deleted qa (staging").contains("promotion path now [[dev], [staging], [prod]]");
  }

  @Test
  void anInvalidCreateWritesNothingAndSaysWhere() throws Exception {
    String before = Files.readString(config);
    CliRun bad = withStdin("{\"deploy\": {\"command\": \"true\"}, \"strategy\": {\"type\": \"sideways\"}}",
        "env", "create", "qa", "--type", "development", "--from-json", "-");
    assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("environments.qa.strategy.type").contains("is unchanged");
    CliRun notJson = withStdin("[1]", "env", "create", "qa", "--type", "development", "--from-json", "-");
    assertThat(notJson.err()).contains("--from-json: must be a JSON object");
    CliRun both = cli("env", "create", "qa", "--type", "development", "--after", "dev", "--parallel-with", "prod");
    assertThat(both.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(Files.readString(config)).isEqualTo(before);
  }

  @Test
  void deletingProdWithoutATerminalIsRefusedWithTheWayToDoIt() throws Exception {
    String before = Files.readString(config);
    CliRun r = cli("env", "delete", "prod");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("needs a verified human").contains("deployment-pipeline env delete prod --sign");
    assertThat(Files.readString(config)).isEqualTo(before);
  }

  @Test
  void aHumanAtATerminalWhoTypesTheNameDeletesProd() throws Exception {
    String before = Files.readString(config);
    String wrong = atTerminal("staging", "env", "delete", "prod");
    assertThat(wrong).contains("Deleting prod, a production environment").contains("did not match prod");
    assertThat(Files.readString(config)).isEqualTo(before);

    String ok = atTerminal("prod", "env", "delete", "prod");
    assertThat(ok).contains("deleted prod (production, by ").contains("terminal); promotion path now [[dev], "
        + "[staging]]");
    assertThat(Files.readString(config)).doesNotContain("\"prod\"");
    String audit = Files.readString(dir.resolve(".claude/deployments/audit.jsonl")).replace(" ", "");
    assertThat(audit).contains("\"event\":\"ENVIRONMENT_DELETED\"").contains("\"verifiedBy\":\"terminal\"");
  }

  @Test
  void aSignedDeleteNeedsAKeyInTheAllowedSigners() throws Exception {
    SshKeys.requireSshKeygen();
    Path lead = SshKeys.key(keys, "lead");
    Path stranger = SshKeys.key(keys, "stranger");
    Path signers = keys.resolve("allowed_signers");
    SshKeys.allow(signers, "lead@example.com", lead);
    SshKeys.homePolicy(keys, signers);
    CliRun refused = SshKeys.withHome(keys, () -> cli("env", "delete", "prod", "--sign", stranger.toString()));
    assertThat(refused.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err()).contains("signature refused: the signing key is not listed in " + signers);
    CliRun signed = SshKeys.withHome(keys, () -> cli("env", "delete", "prod", "--sign", lead.toString(), "--json"));
    assertThat(signed.exit()).as(signed.err()).isZero();
    assertThat(signed.out()).contains("\"deletedBy\" : \"lead@example.com\"", "\"verifiedBy\" : \"ssh-signature\"");
  }

  CliRun withStdin(String input, String... args) {
    InputStream real = System.in;
    System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    try {
      return cli(args);
    } finally {
      System.setIn(real);
    }
  }

  /** Runs the CLI inside a pseudo-terminal and types {@code typed} at its prompt; returns the screen. */
  String atTerminal(String typed, String... args) throws Exception {
    Path script = RequiredTool.require("script", "bsdutils");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.deploypipeline.Main"));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--project", dir.toString()));
    String inner = String.join(" ", cmd.stream().map(a -> "'" + a + "'").toList());
    Process p = new ProcessBuilder(script.toString(), "-qec", inner, "/dev/null").redirectErrorStream(true).start();
    StringBuilder screen = new StringBuilder();
    try (var in = new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)) {
      char[] buf = new char[4096];
      int n;
      boolean typedIt = false;
      while ((n = in.read(buf)) >= 0) {
        screen.append(buf, 0, n);
        if (!typedIt && screen.toString().contains("type the environment's name")) {
          p.getOutputStream().write((typed + "\n").getBytes(StandardCharsets.UTF_8));
          p.getOutputStream().flush();
          typedIt = true;
        }
      }
    } finally {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    return screen.toString();
  }
}
