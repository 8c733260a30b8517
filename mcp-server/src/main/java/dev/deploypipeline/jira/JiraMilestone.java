package dev.deploypipeline.jira;

import java.util.List;
import java.util.Objects;

/**
 * One deployment milestone as Jira hears of it.
 *
 * @param kind the notification kind's id ({@code started}, {@code completed}, …)
 * @param title what happened, e.g. "Deployment completed"
 * @param environment dev, staging, prod, or null
 * @param version the version, or the short commit when there is none
 * @param detail a failure or rollback reason, already redacted; may be null
 * @param url the deployment's page, or null
 * @param texts where issue keys are looked for: commit messages and the branch name
 */
public record JiraMilestone(String kind, String title, String deploymentId, String service, String environment,
    String version, String state, String detail, String url, List<String> texts) {

  public JiraMilestone {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(deploymentId, "deploymentId");
    texts = texts == null ? List.of() : List.copyOf(texts);
  }

  /** A completion in prod moves the issues on and links them to the deployment. */
  public boolean completesProd() {
    return "completed".equals(kind) && "prod".equals(environment);
  }
}
