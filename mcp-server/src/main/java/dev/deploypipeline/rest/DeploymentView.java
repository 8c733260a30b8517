package dev.deploypipeline.rest;

import dev.deploypipeline.deploy.Approvals;
import dev.deploypipeline.deploy.DeploymentFacts;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Views;
import dev.deploypipeline.workflow.Deployment;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deployment as the API returns it: what deploy_status returns over MCP (next step named as requests), plus
 * {@code id}, {@code releases} with their rollouts, and the challenge to sign while a human decision is awaited.
 */
final class DeploymentView {
  private final DeploymentService service;
  private final Clock clock;
  private final Challenges challenges;

  DeploymentView(DeploymentService service, Clock clock, Challenges challenges) {
    this.service = service;
    this.clock = clock;
    this.challenges = challenges;
  }

  Map<String, Object> of(Deployment d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id());
    m.putAll(Views.deployment(d, clock, RestVoice.INSTANCE));
    m.put("releases", DeploymentFacts.releases(d));
    if (!d.state().isTerminal()) m.put("approvalPolicy", Approvals.view(service.approvals().policy(d)));
    challenges.forView(d).ifPresent(ch -> {
      Map<String, Object> a = new LinkedHashMap<>();
      if (m.get("approval") instanceof Map<?, ?> x) x.forEach((k, v) -> a.put(String.valueOf(k), v));
      a.putAll(ch);
      m.put("approval", a);
    });
    return m;
  }
}
