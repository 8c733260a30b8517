package dev.deploypipeline.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.app.App;
import dev.deploypipeline.config.ConfigException;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.testutil.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code examples/notifications/deployment-config.json} loads as it is, with its secrets from the environment. */
class ExampleConfigTest {
  static final Path EXAMPLE = Path.of("../examples/notifications/deployment-config.json");
  static final Map<String, String> ENV = Map.of(
      "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T000/B000/XXXXSECRET",
      "TEAMS_WEBHOOK_URL", "https://prod-00.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke"
          + "?api-version=2016-06-01&sig=SIGSECRET",
      "SMTP_HOST", "smtp.example.com", "SMTP_USERNAME", "deploy", "SMTP_PASSWORD", "PASSWORDSECRET");

  @TempDir Path dir;

  Path project() throws Exception {
    Files.createDirectories(dir.resolve(".claude"));
    Files.copy(EXAMPLE, dir.resolve(".claude/deployment-config.json"));
    return dir;
  }

  @Test
  void loadsAsItIsAndSetsUpAllThreeChannels() throws Exception {
    String text = Files.readString(EXAMPLE);
    assertThat(text).doesNotContain("hooks.slack.com", "sig=", "\"password\"").contains("${TEAMS_WEBHOOK_URL}");

    PipelineConfig config = new ConfigLoader(ENV).load(project());

    NotificationsConfig n = config.notifications();
    assertThat(n.channelList()).containsExactly("slack", "teams", "email");
    assertThat(n.email().host()).isEqualTo("smtp.example.com");
    assertThat(n.eventsFor("slack")).containsExactlyInAnyOrderElementsOf(NotificationKind.SELECTABLE);
    assertThat(n.eventsFor("email")).containsExactlyInAnyOrder(NotificationKind.AWAITING_APPROVAL,
        NotificationKind.STAGE_FAILED, NotificationKind.FAILED, NotificationKind.ROLLED_BACK);
    assertThat(NotificationChannels.check(n, ENV)).isEmpty();
    assertThat(NotificationChannels.resolve(n, ENV, TestClock.at("2026-11-25T10:00:00Z")).notifiers().keySet())
        .containsExactly("slack", "teams", "email");
    assertThat(n.detailsUrlFor("d-7")).isEqualTo("https://deploy.example.com/deployments/d-7");
  }

  @Test
  void theEngineBuildsItsDispatcherFromIt() throws Exception {
    TestClock clock = TestClock.at("2026-11-25T10:00:00Z");
    var s = App.service(project(), ENV, clock, d -> clock.advance(d), List.of());
    assertThat(s.listeners()).filteredOn(NotificationDispatcher.class::isInstance).singleElement()
        .satisfies(l -> assertThat(((NotificationDispatcher) l).channels()).containsExactly("slack", "teams", "email"));
    s.shutdown();
  }

  @Test
  void withoutTheVariablesTheErrorNamesThem() throws Exception {
    assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(project())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("TEAMS_WEBHOOK_URL");
  }
}
