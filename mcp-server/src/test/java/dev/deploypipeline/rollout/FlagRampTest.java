package dev.deploypipeline.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.app.App;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.flags.FlagState;
import dev.deploypipeline.flags.FlagsConfig;
import dev.deploypipeline.flags.UnleashClient;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.testutil.RealUnleash;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.State;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flag ramp after prod's promotion, on a real Unleash: each step sets the flag's rollout there, and the canary's
 * own analysis judges it. The feature behind the flag is simulated by the router: it fails a share of requests as
 * long as the real server says the flag is on in production.
 */
class FlagRampTest {
  @TempDir Path dir;
  RealUnleash unleash;
  UnleashClient direct;

  @BeforeEach
  void server() {
    unleash = RealUnleash.require();
    direct = new UnleashClient(new FlagsConfig("unleash", unleash.url(), null, null, Map.of(), List.of()),
        unleash.token(), Duration.ofSeconds(10));
  }

  PipelineConfig config(String flag) {
    String json = Rig.json("""
        "router": {"type": "caddy"},
        "strategy": {"type": "canary", "steps": [{"weight": 50}, {"weight": 100}],
          "analysis": {"interval": "2s", "count": 3, "minRequests": 20, "maxErrorRate": 0.05}}""").strip();
    json = json.substring(0, json.length() - 1) + ", \"flags\": {\"provider\": \"unleash\", \"url\": \""
        + unleash.url() + "\", \"environments\": {\"prod\": \"production\"}, \"ramps\": [{\"flag\": \"" + flag
        + "\", \"steps\": [10, 50, 100]}]}}";
    return new ConfigLoader(Map.of()).parse(json, "test-config");
  }

  Rig rig(String flag, double failRateWhileOn) {
    Rig rig = new Rig(dir);
    rig.flags = App.flagProviders(Map.of("UNLEASH_ADMIN_TOKEN", unleash.token()));
    rig.restart();
    rig.router.extraFailRate = () -> {
      try {
        return direct.get(flag).environment("production").enabled() ? failRateWhileOn : 0;
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    };
    return rig;
  }

  static List<AuditEntry> flagLines(Rig rig, String id) {
    return rig.store.audit(id).stream().filter(a -> a.event().startsWith("ROLLOUT_FLAG_")).toList();
  }

  @Test
  void aBadFlagRampIsRolledBackByAnalysisAndTheFlagEndsOff() throws Exception {
    String flag = unleash.createFlag("ramp-bad");
    Rig rig = rig(flag, 0.30);

    Deployment d = rig.deploy("v1", config(flag));

    assertThat(d.state()).as("the release itself is fine").isEqualTo(State.COMPLETED);
    FlagState.Environment prod = direct.get(flag).environment("production");
    assertThat(prod.enabled()).as("the flag ends off on the real server").isFalse();
    assertThat(prod.rolloutPercent()).as("judged at the first step").isEqualTo(10);
    List<AuditEntry> lines = flagLines(rig, d.id());
    assertThat(lines).extracting(AuditEntry::event)
        .containsExactly("ROLLOUT_FLAG_STEP", "ROLLOUT_FLAG_ROLLED_BACK");
    assertThat(lines.get(1).details()).containsEntry("flag", flag).containsEntry("percent", 10)
        .containsEntry("verdict", "failed").containsEntry("failingCheck", "error-rate")
        .containsEntry("flagOff", true).containsEntry("unleashEnvironment", "production");
    assertThat((String) lines.get(1).details().get("reason")).contains("analysis flag " + flag + "@10% failed");
    assertThat(rig.store.audit(d.id()).toString()).contains(flag + ": off, analysis flag " + flag + "@10% failed");
  }

  @Test
  void aGoodFlagRampGoesThroughEveryStepAndStaysOn() throws Exception {
    String flag = unleash.createFlag("ramp-good");
    Rig rig = rig(flag, 0.0);

    Deployment d = rig.deploy("v1", config(flag));

    assertThat(d.state()).isEqualTo(State.COMPLETED);
    FlagState.Environment prod = direct.get(flag).environment("production");
    assertThat(prod.enabled()).isTrue();
    assertThat(prod.rolloutPercent()).isEqualTo(100);
    assertThat(flagLines(rig, d.id())).extracting(a -> a.event() + "@" + a.details().get("percent")).containsExactly(
        "ROLLOUT_FLAG_STEP@10", "ROLLOUT_FLAG_PASSED@10", "ROLLOUT_FLAG_STEP@50", "ROLLOUT_FLAG_PASSED@50",
        "ROLLOUT_FLAG_STEP@100", "ROLLOUT_FLAG_PASSED@100");
  }

  @Test
  void anUnknownFlagEndsTheRampWithoutFailingTheRelease() throws Exception {
    Rig rig = rig("no-such-flag-ramp", 0.0);
    rig.router.extraFailRate = () -> 0;

    Deployment d = rig.deploy("v1", config("no-such-flag-ramp"));

    assertThat(d.state()).isEqualTo(State.COMPLETED);
    assertThat(flagLines(rig, d.id())).singleElement().satisfies(a -> assertThat((String) a.details().get("reason"))
        .contains("flag 'no-such-flag-ramp' does not exist"));
  }
}
