package dev.deploypipeline.deploy;

import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.jira.JiraException;
import dev.deploypipeline.jira.JiraUpdates;
import dev.deploypipeline.notify.DeliveryResult;
import dev.deploypipeline.notify.DeploymentNotification;
import dev.deploypipeline.notify.NotificationException;
import dev.deploypipeline.notify.Notifier;
import dev.deploypipeline.secrets.Redaction;
import dev.deploypipeline.notify.NotificationChannels;
import dev.deploypipeline.notify.NotificationConfigException;
import dev.deploypipeline.notify.NotifyTester;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.workflow.RetryPolicy;
import dev.deploypipeline.workflow.Sleeper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code notify test} for both front ends: sends a test message to ONE channel (the others' settings may be
 * missing) with the project's retry policy, and audits the attempt under the actor who asked. Errors come back
 * redacted, never thrown.
 */
public final class NotifyTests {
  /** The delivery, or the problems that kept it from being tried ({@code configError} true: the config at large). */
  public record Outcome(String channel, DeliveryResult result, List<String> errors, boolean configError) {
    public boolean delivered() {
      return result != null && result.delivered();
    }
  }

  /** Jira's test: whether Jira accepts the credentials ({@code GET /rest/api/3/myself}); no issue is touched. */
  private record JiraCheck(JiraUpdates jira) implements Notifier {
    @Override
    public String channel() {
      return "jira";
    }

    @Override
    public void send(DeploymentNotification n) throws NotificationException {
      try {
        jira.checkCredentials();
      } catch (JiraException e) {
        throw new NotificationException(e.failure(), e.status());
      }
    }
  }

  private final Supplier<PipelineConfig> config;
  private final Map<String, String> env;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Consumer<AuditRecord> audit;

  /** {@code config} should load without channel checks ({@code ConfigLoader.withoutChannelChecks()}). */
  public NotifyTests(Supplier<PipelineConfig> config, Map<String, String> env, Sleeper sleeper, Clock clock,
      Consumer<AuditRecord> audit) {
    this.config = config;
    this.env = Map.copyOf(env);
    this.sleeper = sleeper;
    this.clock = clock;
    this.audit = audit;
  }

  /** The channels {@code notify test} can test: those of the notifications section, and Jira. */
  public static final List<String> CHANNELS = List.of("slack", "teams", "email", "jira");

  public Outcome test(String channel, String actor, String frontEnd) {
    if (!CHANNELS.contains(channel)) {
      return new Outcome(channel, null, List.of("channel: '" + channel + "' is not a channel; use one of "
          + String.join(", ", CHANNELS)), false);
    }
    PipelineConfig pc;
    try {
      pc = config.get();
    } catch (RuntimeException e) {
      return new Outcome(channel, null, List.of("config: " + NotificationChannels.redactor(null, env)
          .redact(String.valueOf(e.getMessage()))), true);
    }
    RetryPolicy policy = pc == null ? RetryPolicy.DEFAULT : pc.retryOrDefault().toPolicy();
    Consumer<AuditRecord> asked = r -> {
      Map<String, Object> details = new LinkedHashMap<>(r.details());
      details.put("frontEnd", frontEnd);
      details.put("test", true);
      audit.accept(new AuditRecord(r.at(), null, actor, r.event(), null, null, r.attempt(), details));
    };
    NotifyTester tester = new NotifyTester(env, policy, sleeper, clock, asked);
    if (channel.equals("jira")) {
      if (pc == null || pc.jira() == null) {
        return new Outcome(channel, null, List.of("jira: the config has no jira section; add one with at least "
            + "baseUrl (see docs/jira.md)"), false);
      }
      return new Outcome(channel, tester.test(new JiraCheck(JiraUpdates.fromEnvironment(pc.jira(), env,
          Redaction.current(), clock)), pc.notifications(), pc.service()), List.of(), false);
    }
    try {
      DeliveryResult r = tester.test(pc == null ? null
          : pc.notifications(), channel, pc == null ? null : pc.service());
      return new Outcome(channel, r, List.of(), false);
    } catch (NotificationConfigException e) {
      return new Outcome(channel, null, e.errors(), false);
    }
  }
}
