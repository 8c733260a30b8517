package dev.deploypipeline.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.testutil.RealUnleash;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Admin API client against a real Unleash 8.2.0 on a real PostgreSQL (scripts/unleash.sh). */
class UnleashClientTest {
  static RealUnleash unleash;
  static UnleashClient client;

  @BeforeAll
  static void server() {
    unleash = RealUnleash.require();
    client = new UnleashClient(config(), unleash.token(), Duration.ofSeconds(10));
  }

  static FlagsConfig config() {
    return new FlagsConfig("unleash", unleash.url(), "UNLEASH_ADMIN_TOKEN", "default",
        Map.of("prod", "production", "dev", "development"), List.of());
  }

  @Test
  void listsFlagsWithTheirStatePerEnvironment() throws Exception {
    String flag = unleash.createFlag("listed");
    FlagState f = client.list().stream().filter(x -> x.name().equals(flag)).findFirst().orElseThrow();
    assertThat(f.type()).isEqualTo("release");
    assertThat(f.environments()).extracting(FlagState.Environment::name).contains("development", "production");
    assertThat(f.environments()).allMatch(e -> !e.enabled());
  }

  @Test
  void enablesAndDisablesInOneEnvironmentOnly() throws Exception {
    String flag = unleash.createFlag("toggle");
    client.enable(flag, "production");
    assertThat(client.get(flag).environment("production").enabled()).isTrue();
    assertThat(client.get(flag).environment("development").enabled()).isFalse();
    client.disable(flag, "production");
    assertThat(client.get(flag).environment("production").enabled()).isFalse();
  }

  @Test
  void setsAndChangesTheGradualRolloutPercent() throws Exception {
    String flag = unleash.createFlag("ramp");
    client.rollout(flag, "production", 10);
    FlagState.Environment e = client.get(flag).environment("production");
    assertThat(e.enabled()).isTrue();
    assertThat(e.rolloutPercent()).isEqualTo(10);
    client.rollout(flag, "production", 50);
    assertThat(client.get(flag).environment("production").rolloutPercent()).isEqualTo(50);
    assertThat(client.get(flag).environment("development").rolloutPercent()).isNull();
  }

  @Test
  void aWrongTokenIsAClearErrorThatNeverShowsTheToken() {
    String wrong = "*:*.definitely-not-the-token-" + System.nanoTime();
    UnleashClient bad = new UnleashClient(config(), wrong, Duration.ofSeconds(10));
    assertThatThrownBy(bad::list).isInstanceOf(FlagsException.class)
        .hasMessageContaining("rejected the admin token in UNLEASH_ADMIN_TOKEN (HTTP 401)")
        .hasMessageNotContaining(wrong)
        .satisfies(t -> assertThat(((FlagsException) t).nextStep()).contains("export UNLEASH_ADMIN_TOKEN"));
  }

  @Test
  void anUnknownFlagIsAClearErrorNamingIt() {
    assertThatThrownBy(() -> client.enable("no-such-flag-xyz", "production")).isInstanceOf(FlagsException.class)
        .hasMessage("flag 'no-such-flag-xyz' does not exist in Unleash project 'default'")
        .satisfies(t -> assertThat(((FlagsException) t).httpStatus()).isEqualTo(404));
    assertThatThrownBy(() -> client.get("no-such-flag-xyz")).hasMessageContaining("'no-such-flag-xyz'");
  }

  @Test
  void anUnknownEnvironmentSaysSo() throws Exception {
    String flag = unleash.createFlag("env");
    assertThatThrownBy(() -> client.enable(flag, "staging")).isInstanceOf(FlagsException.class)
        .hasMessageContaining("environment staging")
        .satisfies(t -> assertThat(((FlagsException) t).nextStep()).contains("flags.environments"));
  }

  @Test
  void aMissingTokenSaysWhichVariableToSet() {
    assertThatThrownBy(() -> UnleashClient.fromEnvironment(config(), Map.of()))
        .hasMessage("UNLEASH_ADMIN_TOKEN is not set");
  }
}
