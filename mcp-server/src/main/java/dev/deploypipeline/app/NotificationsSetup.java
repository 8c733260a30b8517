package dev.deploypipeline.app;

import dev.deploypipeline.config.ConfigException;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.deploy.Approvals;
import dev.deploypipeline.deploy.CommitMessages;
import dev.deploypipeline.deploy.DeployDiffs;
import dev.deploypipeline.engine.LazyListener;
import dev.deploypipeline.jira.JiraUpdates;
import dev.deploypipeline.notify.NotificationKind;
import dev.deploypipeline.notify.Notifier;
import dev.deploypipeline.secrets.Redaction;
import dev.deploypipeline.notify.NotificationDispatcher;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.store.DeploymentStore;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.PipelineListener;
import dev.deploypipeline.workflow.Sleeper;
import dev.deploypipeline.workflow.State;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the notification dispatcher from the project's config at the first engine event (a server picks up
 * notification changes when restarted). A valid config settles it: a dispatcher, or none when the config has no
 * {@code notifications}. A missing or broken config settles nothing: the problem is logged on stderr once, written
 * to the audit trail of each deployment that goes on without notifications, and the next event tries again, so a
 * fixed config brings notifications back without a restart.
 */
final class NotificationsSetup {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationsSetup.class);
  static final String SKIPPED = "NOTIFY_SKIPPED";

  private final Path projectDir;
  private final Map<String, String> env;
  private final Sleeper sleeper;
  private final Clock clock;
  private final DeploymentStore store;
  private volatile String lastLogged;
  private final Set<String> auditedSkips = ConcurrentHashMap.newKeySet();

  NotificationsSetup(Path projectDir, Map<String, String> env, Sleeper sleeper, Clock clock, DeploymentStore store) {
    this.projectDir = projectDir;
    this.env = env;
    this.sleeper = sleeper;
    this.clock = clock;
    this.store = store;
  }

  LazyListener.Attempt attempt() {
    if (ConfigLoader.locate(projectDir).isEmpty()) return LazyListener.Attempt.later(Optional.empty());
    PipelineConfig config;
    try {
      config = new ConfigLoader(env).load(projectDir);
    } catch (ConfigException e) {
      String problem = e.getMessage();
      if (!problem.equals(lastLogged)) {
        lastLogged = problem;
        LOG.warn("notifications are off until the config loads again (tried at every pipeline event): {}", problem);
      }
      return LazyListener.Attempt.later(Optional.of(new SkipAuditor(problem)));
    }
    if (lastLogged != null) LOG.info("the config loads again: notifications are back on");
    if (config.notifications() == null && config.jira() == null) return LazyListener.Attempt.done(Optional.empty());
    Consumer<AuditRecord> audit = r -> store.write(w -> w.audit(r));
    // Approval requests carry what the deployment changes there, computed once when the deployment reaches the gate.
    PipelineConfig loaded = config;
    DeployDiffs diffs = new DeployDiffs(projectDir, store, () -> loaded);
    return LazyListener.Attempt.done(Optional.of(NotificationDispatcher.create(config.notifications(), env,
        config.retryOrDefault().toPolicy(), sleeper, clock, audit, jira(config),
        (d, env) -> diffs.summaryFor(d, Approvals.gateEnvironment(d.routeOrDefault())))));
  }

  /** The Jira channel when the config has a {@code jira} section. */
  private Map<Notifier, Set<NotificationKind>> jira(PipelineConfig config) {
    if (config.jira() == null) return Map.of();
    JiraUpdates updates = JiraUpdates.fromEnvironment(config.jira(), env, Redaction.current(), clock);
    return Map.of(new JiraChannel(config.jira(), updates, d -> CommitMessages.of(projectDir, store, d)),
        JiraChannel.events(config.jira()));
  }

  /** Records, once per deployment and problem, that its notifications were skipped and why. */
  private final class SkipAuditor implements PipelineListener {
    private final String problem;

    SkipAuditor(String problem) {
      this.problem = problem;
    }

    @Override
    public void transitioned(Deployment after, State from, Event event, String actor) {
      if (!auditedSkips.add(after.id() + "\n" + problem)) return;
      try {
        store.write(w -> w.audit(new AuditRecord(clock.instant(), after.id(), "notify", SKIPPED, null, null, null,
            Map.of("error", "config: " + problem, "next", "fix the config (deploy validate lists the problems); "
                + "notifications resume at the next pipeline event"))));
      } catch (RuntimeException e) {
        LOG.error("could not audit skipped notifications of {}: {}", after.id(), e.toString());
      }
    }
  }
}
