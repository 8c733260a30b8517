package dev.deploypipeline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.testutil.TickingClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tokens file: what is stored (a hash, never the token), who a token names, revocation, and bad files. */
class UserTokensTest {
  @TempDir Path dir;
  final TickingClock clock = new TickingClock(Instant.parse("2026-12-01T09:00:00Z"), Duration.ofSeconds(1));

  UserTokens tokens() {
    return new UserTokens(dir.resolve(".claude").resolve("deployment-tokens.json"), clock);
  }

  @Test
  void anIssuedTokenNamesItsUserAndOnlyItsHashIsStored() throws Exception {
    UserTokens t = tokens();
    String alice = t.issue("alice@example.com");
    String bob = t.issue("bob");
    assertThat(alice).startsWith("dpt_").hasSize(4 + 43).isNotEqualTo(bob);
    assertThat(t.user(alice)).hasValue("alice@example.com");
    assertThat(t.user(bob)).hasValue("bob");
    String file = Files.readString(t.file());
    assertThat(file).doesNotContain(alice).doesNotContain(alice.substring(4)).doesNotContain(bob)
        .contains("\"sha256\" : \"" + java.util.HexFormat.of().formatHex(UserTokens.sha256(alice)) + "\"");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(t.file()))).isEqualTo("rw-------");
    assertThat(t.list()).extracting(UserTokens.Entry::user).containsExactly("alice@example.com", "bob");
    assertThat(t.list().get(0).created()).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "dpt_", "dpt_wrong", "not-even-prefixed"})
  void anythingElseNamesNobody(String presented) {
    UserTokens t = tokens();
    String alice = t.issue("alice");
    assertThat(t.user(presented)).isEmpty();
    assertThat(t.user(alice + "x")).isEmpty();
    assertThat(t.user(alice.substring(0, alice.length() - 1))).isEmpty();
    assertThat(t.user(null)).isEmpty();
  }

  @Test
  void noFileMeansNoUserTokens() {
    assertThat(tokens().user("dpt_" + "a".repeat(43))).isEmpty();
    assertThat(tokens().list()).isEmpty();
  }

  @Test
  void oneActiveTokenPerUserUntilItIsRevoked() {
    UserTokens t = tokens();
    String first = t.issue("alice");
    assertThatThrownBy(() -> t.issue("alice")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--user alice: already holds a token")
        .hasMessageContaining("deployment-pipeline token revoke --user alice");
    assertThat(t.revoke("alice")).isEqualTo(1);
    assertThat(t.user(first)).isEmpty();
    String second = t.issue("alice");
    assertThat(t.user(second)).hasValue("alice");
    assertThat(t.list()).hasSize(2);
    assertThat(t.list().get(0).active()).isFalse();
    assertThat(t.list().get(0).revoked()).isNotNull();
    assertThatThrownBy(() -> t.revoke("carol")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--user carol: holds no active token").hasMessageContaining("token list");
  }

  @Test
  void aRevocationByAnotherProcessCountsAtTheNextLookup() {
    UserTokens server = tokens();
    String alice = tokens().issue("alice");
    assertThat(server.user(alice)).hasValue("alice");
    tokens().revoke("alice"); // as `token revoke` in another process: a new file on disk
    assertThat(server.user(alice)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " alice", "al ice", "-alice", "a/b", "x\ny"})
  void aBadUserNameIsRefusedWithWhatIsAllowed(String user) {
    assertThatThrownBy(() -> tokens().issue(user)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--user").hasMessageContaining("letters, digits");
  }

  @Test
  void aDamagedFileIsReportedNotIgnored() throws Exception {
    UserTokens t = tokens();
    Files.createDirectories(t.file().getParent());
    Files.writeString(t.file(), "{\"version\":1,\"tokens\":[{\"user\":\"alice\",\"sha256\":\"abc\"}]}");
    assertThatThrownBy(t::list).isInstanceOf(IllegalStateException.class).hasMessageContaining("sha256")
        .hasMessageContaining("restore the file from a backup");
    Files.writeString(t.file(), "not json");
    assertThatThrownBy(() -> t.user("dpt_x")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot read the tokens file");
  }
}
