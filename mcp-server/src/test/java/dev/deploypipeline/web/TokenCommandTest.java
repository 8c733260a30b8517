package dev.deploypipeline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code token issue|list|revoke} as a person runs them: what goes to stdout, stderr, and the exit codes. */
class TokenCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  synchronized Run run(String... args) {
    PrintStream realOut = System.out;
    PrintStream realErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      CommandLine cl = new CommandLine(new TokenCommand());
      cl.setOut(new java.io.PrintWriter(o, true));
      cl.setErr(new java.io.PrintWriter(e, true));
      int code = cl.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(realOut);
      System.setErr(realErr);
    }
  }

  @Test
  void issuePrintsTheTokenAloneOnStdoutAndItNamesTheUser() {
    Run r = run("issue", "--user", "alice", "--project", dir.toString());
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
    Run listed = run("list", "--project", dir.toString());
    assertThat(listed.exit()).isZero();
    assertThat(listed.out()).containsPattern("alice\\s+active");
    String hash = java.util.HexFormat.of().formatHex(UserTokens.sha256(token));
    assertThat(listed.out()).doesNotContain(token).doesNotContain(hash);

    Run revoked = run("revoke", "--user", "alice", "--project", dir.toString());
    assertThat(revoked.exit()).isZero();
    assertThat(run("list", "--project", dir.toString()).out()).containsPattern("alice\\s+revoked");
    Run again = run("revoke", "--user", "alice", "--project", dir.toString());
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("--user alice: holds no active token");
  }

  @Test
  void aTokensFileElsewhereAndBadInputGiveClearErrors() throws Exception {
    Path file = dir.resolve("team").resolve("tokens.json");
    assertThat(run("issue", "--user", "bob", "--tokens-file", file.toString()).exit()).isZero();
    assertThat(Files.exists(file)).isTrue();
    Run dup = run("issue", "--user", "bob", "--tokens-file", file.toString());
    assertThat(dup.exit()).isEqualTo(2);
    assertThat(dup.out()).isEmpty();
    assertThat(dup.err()).contains("already holds a token");
    Run bad = run("issue", "--user", "bob smith", "--tokens-file", file.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("'bob smith' is not a user name");
    Files.writeString(file, "{broken");
    Run broken = run("list", "--tokens-file", file.toString());
    assertThat(broken.exit()).isEqualTo(1);
    assertThat(broken.err()).contains("cannot read the tokens file");
    assertThat(run().exit()).isEqualTo(2);
  }
}
