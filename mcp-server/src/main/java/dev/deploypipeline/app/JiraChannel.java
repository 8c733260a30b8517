package dev.deploypipeline.app;

import dev.deploypipeline.jira.JiraConfig;
import dev.deploypipeline.jira.JiraException;
import dev.deploypipeline.jira.JiraMilestone;
import dev.deploypipeline.jira.JiraUpdates;
import dev.deploypipeline.notify.DeploymentNotification;
import dev.deploypipeline.notify.NotificationException;
import dev.deploypipeline.notify.NotificationKind;
import dev.deploypipeline.notify.Notifier;
import dev.deploypipeline.workflow.Deployment;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Jira as one more notification channel, so that it rides the dispatcher's queue, the one retry policy and the
 * {@code NOTIFY_*} audit. The issue keys of a deployment are read once (from git) and kept for its later milestones.
 */
final class JiraChannel implements Notifier {
  static final String NAME = "jira";
  private static final int KEPT_DEPLOYMENTS = 100;

  private final JiraConfig config;
  private final JiraUpdates updates;
  private final Function<Deployment, List<String>> texts;
  private final Map<String, List<String>> textsById = new ConcurrentHashMap<>();
  private DeploymentNotification lastNotification;
  private JiraMilestone lastMilestone;

  JiraChannel(JiraConfig config, JiraUpdates updates, Function<Deployment, List<String>> texts) {
    this.config = config;
    this.updates = updates;
    this.texts = texts;
  }

  /** The kinds {@code jira.events} selects. */
  static Set<NotificationKind> events(JiraConfig config) {
    Set<NotificationKind> kinds = EnumSet.noneOf(NotificationKind.class);
    for (String id : config.eventList()) NotificationKind.fromId(id).ifPresent(kinds::add);
    return kinds;
  }

  @Override
  public String channel() {
    return NAME;
  }

  @Override
  public synchronized void send(DeploymentNotification n) throws NotificationException {
    // A retry hands the same notification again: the same milestone lets JiraUpdates resume where it stopped.
    if (n != lastNotification) {
      lastNotification = n;
      lastMilestone = milestone(n);
    }
    try {
      updates.send(lastMilestone);
    } catch (JiraException e) {
      throw new NotificationException(e.failure(), e.status());
    }
  }

  private JiraMilestone milestone(DeploymentNotification n) {
    Deployment d = n.deployment();
    if (textsById.size() > KEPT_DEPLOYMENTS) textsById.clear();
    List<String> found = textsById.computeIfAbsent(d.id(), id -> List.copyOf(texts.apply(d)));
    String version = d.version() != null && !d.version().isBlank() ? d.version()
        : d.commit() == null ? "-" : d.commit().substring(0, Math.min(12, d.commit().length()));
    String url = config.deploymentUrlFor(d.id());
    return new JiraMilestone(n.kind().id(), n.kind().title(), d.id(), d.service(), n.environment(), version,
        d.state().id(), n.detail(), url != null ? url : n.detailsUrl(), found);
  }
}
