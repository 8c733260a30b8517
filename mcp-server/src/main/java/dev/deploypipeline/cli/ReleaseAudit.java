package dev.deploypipeline.cli;

import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.deploy.ReleaseRecords;
import dev.deploypipeline.release.Created;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code RELEASE_CREATED} audit line after {@code release create}, so that history lists the release from its tag
 * on. Only in a project that deploys with this tool (it has a pipeline config): elsewhere the store's directory would
 * be new, untracked files in a tree that release commands want clean.
 */
final class ReleaseAudit {
  private ReleaseAudit() {}

  static void created(ProjectOptions o, Created c) {
    if (ConfigLoader.locate(o.projectDir()).isEmpty()) return;
    DeploymentService s = o.service(false);
    Map<String, Object> details = new LinkedHashMap<>();
    if (c.previousTag() != null) details.put("previousTag", c.previousTag());
    ReleaseRecords.recordCreated(s.store(), s.clock(), s.actor(), c.version(), c.tag(), c.commit(), details);
  }
}
