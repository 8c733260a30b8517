package dev.deploypipeline.rest;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.Environments;
import java.util.List;
import java.util.Map;

/** {@code /environments}: what runs where. */
final class EnvironmentRoutes implements RouteGroup {
  private final Environments environments;

  EnvironmentRoutes(DeploymentService service) {
    this.environments = new Environments(service);
  }

  @Override
  public List<Route> routes() {
    return List.of(
        new Route("GET", "/environments", c -> Reply.ok(Map.of("items", environments.all()))),
        new Route("GET", "/environments/{name}", c -> Reply.ok(environments.one(c.param("name")))));
  }
}
