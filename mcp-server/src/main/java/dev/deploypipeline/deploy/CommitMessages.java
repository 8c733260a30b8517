package dev.deploypipeline.deploy;

import dev.deploypipeline.store.DeploymentStore;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.DeploymentSummary;
import dev.deploypipeline.workflow.State;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a deployment ships, as text to find issue keys in: its branch name, its commit's message, and the messages
 * of the commits since the service's last completed deployment (the one that reached prod). Without git, or when
 * the earlier commit is unknown here, less: never an error.
 */
public final class CommitMessages {
  /** A deployment of a long-unreleased branch must not read the whole history. */
  static final int MAX_COMMITS = 200;
  private static final String SEPARATOR = "\u001e";

  private CommitMessages() {}

  public static List<String> of(Path projectDir, DeploymentStore store, Deployment d) {
    List<String> texts = new ArrayList<>();
    if (d.branch() != null) texts.add(d.branch());
    if (d.commit() == null || !Git.isRepository(projectDir)) return texts;
    String previous = lastCompleted(store, d);
    String log = null;
    if (previous != null && Git.resolveCommit(projectDir, previous) != null) {
      log = Git.run(projectDir, "log", "--format=%B" + "%x1e", "-n", String.valueOf(MAX_COMMITS),
          previous + ".." + d.commit());
    }
    if (log == null || log.isBlank()) log = Git.run(projectDir, "log", "-1", "--format=%B", d.commit());
    if (log != null) Arrays.stream(log.split(SEPARATOR)).map(String::strip).filter(s -> !s.isEmpty())
        .forEach(texts::add);
    return texts;
  }

  private static String lastCompleted(DeploymentStore store, Deployment d) {
    try {
      for (DeploymentSummary s : store.history(new HistoryQuery(d.service(), null, State.COMPLETED, null, 20))) {
        if (!s.id().equals(d.id()) && s.commit() != null) return s.commit();
      }
    } catch (RuntimeException unreadable) {
      // The deployed commit alone still names its issues.
    }
    return null;
  }
}
