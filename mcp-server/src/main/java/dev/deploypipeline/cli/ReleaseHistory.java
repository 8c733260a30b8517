package dev.deploypipeline.cli;

import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.ReleaseRecords;
import java.util.List;
import java.util.Map;

/** {@code deploy history --releases}: one line per release, then its deployments indented. */
final class ReleaseHistory {
  private ReleaseHistory() {}

  static int print(ProjectOptions o, DeploymentService s, int limit) {
    List<Map<String, Object>> rows = ReleaseRecords.list(s.store(), limit);
    if (o.json) {
      Render.json(System.out, Map.of("releases", rows));
      return ExitCodes.OK;
    }
    if (rows.isEmpty()) System.out.println("no releases recorded (release create and release publish record them)");
    for (Map<String, Object> r : rows) {
      Object when = r.getOrDefault("publishedAt", r.get("createdAt"));
      System.out.printf("%-14s %-22s %s%s%n", r.get("tag"), when, r.containsKey("url") ? r.get("url") : "not published",
          Boolean.TRUE.equals(r.get("draft")) ? " (draft)" : "");
      List<?> deployments = (List<?>) r.get("deployments");
      if (deployments.isEmpty()) System.out.println("    no deployments of this version");
      for (Object d : deployments) {
        Map<?, ?> m = (Map<?, ?>) d;
        System.out.println("    " + m.get("id") + " " + m.get("state") + " " + m.get("environments"));
      }
    }
    return ExitCodes.OK;
  }
}
