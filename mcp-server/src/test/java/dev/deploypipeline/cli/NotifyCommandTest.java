package dev.deploypipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.notify.NotificationsConfig;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.workflow.Sleeper;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.deploypipeline.testutil.TestProjects;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NotifyCommandTest {
  HttpServer slack;
  final AtomicInteger status = new AtomicInteger(200);
  final List<String> bodies = new ArrayList<>();
  final List<Duration> slept = new ArrayList<>();
  final List<AuditRecord> audit = new ArrayList<>();
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    slack = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    slack.createContext("/", ex -> {
      bodies.add(new String(ex.getRequestBody().readAllBytes()));
      byte[] b = (status.get() == 200 ? "ok" : "rollup_error").getBytes();
      ex.sendResponseHeaders(status.get(), b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    slack.start();
  }

  @AfterEach
  void stop() {
    slack.stop(0);
  }

  int run(PipelineConfig config, Map<String, String> env, String... args) {
    AtomicReference<Path> asked = new AtomicReference<>();
    Sleeper sleeper = slept::add;
    var cmd = new CommandLine(new NotifyCommand(dir -> {
      asked.set(dir);
      if (config == null) throw new IllegalArgumentException("stages.build.command: is required");
      return config;
    }, env, sleeper, Clock.systemUTC(), audit::add));
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  PipelineConfig config(List<String> channels) {
    return new PipelineConfig("payments", "local", null, null, null, null,
        new NotificationsConfig(channels, null, null, null, null, 2000));
  }

  Map<String, String> env() {
    return Map.of("SLACK_WEBHOOK_URL", "http://127.0.0.1:" + slack.getAddress().getPort() + "/services/T/B/X");
  }

  @Test
  void deliveredExitsZeroAndSaysSo() {
    assertThat(run(config(List.of("slack")), env(), "test", "--channel", "slack", "--project", "/tmp/proj")).isZero();
    assertThat(out.toString()).isEqualTo("slack: delivered (1 attempt)" + System.lineSeparator());
    assertThat(bodies).singleElement().asString().contains("Test notification: payments", "notify test");
    assertThat(audit).singleElement().satisfies(r -> assertThat(r.event()).isEqualTo("NOTIFY_SENT"));
  }

  @Test
  void aChannelNotListedInChannelsCanStillBeTested() {
    assertThat(run(config(List.of()), env(), "test", "--channel", "slack")).isZero();
  }

  @Test
  void notDeliveredExitsOneAfterTheRetries() {
    status.set(503);
    assertThat(run(config(List.of("slack")), env(), "test", "--channel", "slack")).isEqualTo(1);
    assertThat(out.toString()).contains("slack: NOT delivered after 3 attempts (http-503)", "rollup_error");
    assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(bodies).hasSize(3);
  }

  @Test
  void configProblemsExitTwoWithThePath() {
    assertThat(run(config(List.of("slack")), Map.of(), "test", "--channel", "slack")).isEqualTo(2);
    assertThat(err.toString()).contains("notifications.slack.webhookUrl: SLACK_WEBHOOK_URL is not set");
    assertThat(run(config(List.of("email")), Map.of(), "test", "--channel", "email")).isEqualTo(2);
    assertThat(err.toString()).contains("notifications.email: is required");
    assertThat(run(null, env(), "test", "--channel", "slack")).isEqualTo(2);
    assertThat(err.toString()).contains("config: stages.build.command: is required");
    assertThat(bodies).isEmpty();
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(run(config(List.of("slack")), env(), "test", "--channel", "sms")).isEqualTo(2);
    assertThat(run(config(List.of("slack")), env(), "test")).isEqualTo(2);
    assertThat(err.toString()).contains("--channel");
  }

  @Test
  void slackIsTestedWhileEmailsSmtpSettingsAreMissingAndTheTestIsAuditedInTheProject(@TempDir Path dir)
      throws Exception {
    TestProjects.gitProject(dir, """
        {"service":"payments","executor":"local",
         "stages":{"validate":{"command":"true"},"build":{"command":"true"},"test":{"command":"true"}},
         "environments":{"dev":{"deploy":{"command":"true"}},"staging":{"deploy":{"command":"true"}},
                         "prod":{"deploy":{"command":"true"}}},
         "notifications":{"channels":["slack","email"],"slack":{"webhookUrl":"${SLACK_WEBHOOK_URL}"},
           "email":{"host":"smtp.example.com","from":"deploy@example.com","to":["team@example.com"]}}}
        """);
    Map<String, String> env = new java.util.HashMap<>(env());
    env.put("SMTP_USERNAME", "deploy"); // and no SMTP_PASSWORD: the email channel cannot be set up
    env.put("DEPLOY_PIPELINE_USER", "ops@example.com");
    var cmd = new CommandLine(new NotifyCommand(env));
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    assertThat(cmd.execute("test", "--channel", "slack", "--project", dir.toString())).as(err.toString()).isZero();
    assertThat(bodies).hasSize(1);
    assertThat(cmd.execute("test", "--channel", "email", "--project", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("SMTP_USERNAME is set but SMTP_PASSWORD is not");
    var lines = dev.deploypipeline.app.App.service(dir, env, Clock.systemUTC(), Sleeper.REAL, List.of()).audit(null);
    assertThat(lines).singleElement().satisfies(e -> {
      assertThat(e.event()).isEqualTo("NOTIFY_SENT");
      assertThat(e.actor()).isEqualTo("ops@example.com");
      assertThat(e.details()).containsEntry("channel", "slack").containsEntry("frontEnd", "cli")
          .containsEntry("test", true);
      assertThat(e.details().toString()).doesNotContain("/services/T/B/X");
    });
  }
}
