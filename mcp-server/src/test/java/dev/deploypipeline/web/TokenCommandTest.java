package dev.deploypipeline.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code token issue|list|revoke} as a person runs them: what goes to stdout, stderr, and the exit codes. */
class TokenCommandTest {
  @TempDir Path dir;

  static CliRun run(String... args) {
    return CliRun.of(() -> new CommandLine(new TokenCommand()), args);
  }

  @Test
  void issuePrintsTheTokenAloneOnStdoutAndItNamesTheUser() {
    CliRun r = run("issue", "--user", "alice", "--project", dir.toString());
    assertThat(r.exit()).isZero();
    String token = r.out().strip();
    assertThat(r.out()).isEqualTo(token + System.lineSeparator());
    assertThat(token).startsWith("dpt_");
    assertThat(r.err()).contains("Issued a token for alice").contains("claude mcp add --transport http")
        .doesNotContain(token);
    UserTokens t = new UserTokens(dir.resolve(UserTokens.DEFAULT_FILE), Clock.systemUTC());
    assertThat(t.user(token)).hasValue("alice");
  }

  @Test
  void listShowsWhoButNoSecretAndRevokeEndsIt() throws Exception {
    String token = run("issue", "--user", "alice", "--project", dir.toString()).out().strip();
    CliRun listed = run("list", "--project", dir.toString());
    assertThat(listed.exit()).isZero();
    assertThat(listed.out()).containsPattern("alice\\s+active");
    String hash = java.util.HexFormat.of().formatHex(UserTokens.sha256(token));
    assertThat(listed.out()).doesNotContain(token).doesNotContain(hash);

    CliRun revoked = run("revoke", "--user", "alice", "--project", dir.toString());
    assertThat(revoked.exit()).isZero();
    assertThat(run("list", "--project", dir.toString()).out()).containsPattern("alice\\s+revoked");
    CliRun again = run("revoke", "--user", "alice", "--project", dir.toString());
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("--user alice: holds no active token");
  }

  @Test
  void inAProjectIssuesAndRevocationsAreAuditedWithoutTheToken() throws Exception {
    Files.createDirectories(dir.resolve(".claude"));
    Files.writeString(dir.resolve(".claude").resolve("deployment-config.json"), WebFixture.GOOD_CONFIG);
    String token = run("issue", "--user", "alice", "--project", dir.toString()).out().strip();
    assertThat(run("revoke", "--user", "alice", "--project", dir.toString()).exit()).isZero();
    var audit = dev.deploypipeline.store.FileDeploymentStore.forProject(dir).audit(null);
    assertThat(audit).extracting(dev.deploypipeline.store.AuditEntry::event)
        .containsExactly("TOKEN_ISSUED", "TOKEN_REVOKED");
    assertThat(audit).allSatisfy(e -> assertThat(e.details()).containsEntry("user", "alice")
        .containsEntry("channel", "cli"));
    assertThat(Files.readString(dir.resolve(".claude/deployments/audit.jsonl"))).doesNotContain(token)
        .doesNotContain(java.util.HexFormat.of().formatHex(UserTokens.sha256(token)));
  }

  @Test
  void outsideAProjectNothingIsAuditedAndItSaysSo() {
    CliRun r = run("issue", "--user", "alice", "--project", dir.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.err()).contains("Not audited: " + dir + " has no .claude/deployment-config.json");
    assertThat(Files.exists(dir.resolve(".claude/deployments"))).isFalse();
  }

  @Test
  void aTokensFileElsewhereAndBadInputGiveClearErrors() throws Exception {
    Path file = dir.resolve("team").resolve("tokens.json");
    assertThat(run("issue", "--user", "bob", "--tokens-file", file.toString()).exit()).isZero();
    assertThat(Files.exists(file)).isTrue();
    CliRun dup = run("issue", "--user", "bob", "--tokens-file", file.toString());
    assertThat(dup.exit()).isEqualTo(2);
    assertThat(dup.out()).isEmpty();
    assertThat(dup.err()).contains("already holds a token");
    CliRun bad = run("issue", "--user", "bob smith", "--tokens-file", file.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("'bob smith' is not a user name");
    Files.writeString(file, "{broken");
    CliRun broken = run("list", "--tokens-file", file.toString());
    assertThat(broken.exit()).isEqualTo(1);
    assertThat(broken.err()).contains("cannot read the tokens file");
    assertThat(run().exit()).isEqualTo(2);
  }
}
