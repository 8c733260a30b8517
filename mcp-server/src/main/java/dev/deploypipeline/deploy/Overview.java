package dev.deploypipeline.deploy;

import dev.deploypipeline.workflow.DeploymentSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Status with no id: what is running now, and the latest deployment of each service. */
public record Overview(List<DeploymentSummary> active, Map<String, DeploymentSummary> latestPerService) {
  static Overview of(List<DeploymentSummary> active, List<DeploymentSummary> newestFirst) {
    Map<String, DeploymentSummary> latest = new LinkedHashMap<>();
    for (DeploymentSummary s : newestFirst) latest.putIfAbsent(s.service(), s);
    return new Overview(active, latest);
  }
}
