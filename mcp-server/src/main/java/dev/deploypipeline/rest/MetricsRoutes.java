package dev.deploypipeline.rest;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Since;
import dev.deploypipeline.deploy.Views;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** {@code /metrics}: DORA's four keys for a service and environment over a period, as deploy_history sums them. */
final class MetricsRoutes implements RouteGroup {
  private final DeploymentService service;
  private final Clock clock;

  MetricsRoutes(DeploymentService service, Clock clock) {
    this.service = service;
    this.clock = clock;
  }

  @Override
  public List<Route> routes() {
    return List.of(new Route("GET", "/metrics", c -> {
      String svc = c.query("service", DeploymentRoutes.SERVICE, "a service name");
      String env = DeploymentRoutes.environment(c, service);
      String since = c.query("since", null, null);
      Instant from = since == null ? null : Since.parse("since", since, clock);
      return Reply.ok(Views.dora(service.dora(svc, env, from)));
    }));
  }
}
