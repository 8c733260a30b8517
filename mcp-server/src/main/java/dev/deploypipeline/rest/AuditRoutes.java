package dev.deploypipeline.rest;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.store.AuditVerification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /deployments/{id}/audit}: the deployment's audit lines and whether the whole hash chain still holds. */
final class AuditRoutes implements RouteGroup {
  private final DeploymentService service;

  AuditRoutes(DeploymentService service) {
    this.service = service;
  }

  @Override
  public List<Route> routes() {
    return List.of(new Route("GET", "/deployments/{id}/audit", c -> {
      var entries = service.audit(c.deploymentId());
      AuditVerification v = service.store().verifyAudit();
      Map<String, Object> chain = new LinkedHashMap<>();
      chain.put("valid", v.intact());
      chain.put("lines", v.lines());
      chain.put("problem", v.problem().orElse(null));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("entries", entries);
      out.put("chain", chain);
      return Reply.ok(out);
    }));
  }
}
