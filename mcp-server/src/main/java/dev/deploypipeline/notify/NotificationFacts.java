package dev.deploypipeline.notify;

import dev.deploypipeline.workflow.Deployment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every channel shows, computed once: a title, a one-line summary and the facts (service, environment,
 * version or commit, state, duration, who). Channels differ only in markup and limits.
 */
record NotificationFacts(String title, String summary, Map<String, String> facts) {

  static NotificationFacts of(DeploymentNotification n) {
    Deployment d = n.deployment();
    String env = n.environment();
    String title = switch (n.kind()) {
      case STAGE_FAILED -> "Stage " + Text.nullToDash(n.stage()) + " failed";
      case AWAITING_APPROVAL -> "Awaiting approval" + (env == null ? "" : " for " + env);
      case APPROVED -> "Approved" + (env == null ? "" : " for " + env);
      default -> n.kind().title();
    } + ": " + d.service();

    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("Service", Text.nullToDash(d.service()));
    facts.put("Environment", Text.nullToDash(env));
    if (d.version() != null && !d.version().isBlank()) facts.put("Version", d.version());
    else facts.put("Commit", shortCommit(d.commit()));
    facts.put("State", d.state().id());
    facts.put("Duration", duration(Duration.between(d.createdAt(), n.at())));
    facts.put("Who", Text.nullToDash(who(n)));

    String what = d.service() + " " + (d.version() != null ? d.version() : shortCommit(d.commit()))
        + (env == null ? "" : " → " + env);
    String summary = n.kind().title() + ": " + what + " (deployment " + d.id() + ", state " + d.state().id() + ")";
    if (n.approveCommand() != null) summary += ". Approve with: " + n.approveCommand();
    return new NotificationFacts(Text.oneLine(title), Text.oneLine(summary), facts);
  }

  private static String who(DeploymentNotification n) {
    Deployment d = n.deployment();
    boolean decided = n.kind() == NotificationKind.APPROVED || n.kind() == NotificationKind.REJECTED;
    if (decided && d.approval() != null && d.approval().actor() != null) return d.approval().actor();
    return d.startedBy();
  }

  static String shortCommit(String commit) {
    if (commit == null || commit.isBlank()) return "-";
    return commit.length() > 12 ? commit.substring(0, 12) : commit;
  }

  static String duration(Duration d) {
    if (d.isNegative()) d = Duration.ZERO;
    long s = d.toSeconds();
    if (s < 60) return s + "s";
    if (s < 3600) return String.format("%dm %02ds", s / 60, s % 60);
    return String.format("%dh %02dm", s / 3600, (s % 3600) / 60);
  }
}
