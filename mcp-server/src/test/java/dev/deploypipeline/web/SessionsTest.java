package dev.deploypipeline.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.testutil.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions live in the cookie, signed with a key derived from the token: they survive a restart with the same
 * token file, die with another token, and cannot be forged, edited or kept past their age.
 */
class SessionsTest {
  @TempDir Path dir;
  final TestClock clock = TestClock.at("2026-11-25T10:00:00Z");

  @Test
  void aSessionOutlivesARestartWithTheSameTokenFileButNotAnotherToken() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "the-same-token-0123456789\n");
    Sessions first = new Sessions(clock, AccessToken.fromFile(file));
    Sessions.Session s = first.create();
    Sessions restarted = new Sessions(clock, AccessToken.fromFile(file));
    assertThat(restarted.find(s.id())).isNotNull().extracting(Sessions.Session::csrf).isEqualTo(s.csrf());
    assertThat(new Sessions(clock, AccessToken.random()).find(s.id())).isNull();
  }

  @Test
  void forgedEditedOrOldCookiesAreNoSession() {
    Sessions sessions = new Sessions(clock, AccessToken.random());
    Sessions.Session s = sessions.create();
    String[] p = s.id().split("\\.");
    assertThat(sessions.find(p[0] + "." + (Long.parseLong(p[1]) + 3600) + "." + p[2])).as("issued later").isNull();
    // The id's first character is random: replace it with one it is not.
    String edited = (s.id().charAt(0) == 'x' ? "y" : "x") + s.id().substring(1);
    assertThat(sessions.find(edited)).as("edited").isNull();
    assertThat(sessions.find("forged")).isNull();
    assertThat(sessions.find("a.b.c")).isNull();
    assertThat(sessions.find(null)).isNull();
    assertThat(sessions.create().csrf()).isNotEqualTo(s.csrf());
    clock.advance(Duration.ofHours(11));
    assertThat(sessions.find(s.id())).isNotNull();
    clock.advance(Duration.ofHours(2));
    assertThat(sessions.find(s.id())).as("older than 12 h").isNull();
  }
}
