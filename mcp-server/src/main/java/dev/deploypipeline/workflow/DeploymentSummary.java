package dev.deploypipeline.workflow;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the store's index keeps per deployment: enough for status overviews and history (durations per stage,
 * retries, approval wait) without opening the deployment's own file.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeploymentSummary(
    String id,
    String service,
    String branch,
    String commit,
    String version,
    State state,
    String startedBy,
    Instant createdAt,
    Instant updatedAt,
    Long durationMs,
    Map<String, Long> stageDurationsMs,
    int retries,
    Long approvalWaitMs,
    List<String> environments,
    String error) {

  public static DeploymentSummary of(Deployment d) {
    Map<String, Long> stages = new LinkedHashMap<>();
    int retries = 0;
    for (StageRun s : d.stages()) {
      if (s.endedAt() != null) stages.put(s.stage(), s.durationMs());
      retries += s.retries();
    }
    Long total = d.state().isTerminal() ? Duration.between(d.createdAt(), d.updatedAt()).toMillis() : null;
    Long wait = null;
    Approval a = d.approval();
    if (a != null && a.requestedAt() != null && a.decidedAt() != null) {
      wait = Duration.between(a.requestedAt(), a.decidedAt()).toMillis();
    }
    List<String> envs = d.releases().stream().filter(r -> r.deployedAt() != null).map(Release::environment).toList();
    return new DeploymentSummary(d.id(), d.service(), d.branch(), d.commit(), d.version(), d.state(), d.startedBy(),
        d.createdAt(), d.updatedAt(), total, stages, retries, wait, envs, d.error());
  }

  @JsonIgnore
  public boolean isActive() {
    return !state.isTerminal();
  }

  @JsonIgnore
  public Instant endedAt() {
    return state.isTerminal() ? updatedAt : null;
  }
}
