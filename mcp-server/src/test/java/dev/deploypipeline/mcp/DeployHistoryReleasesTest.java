package dev.deploypipeline.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.deploy.ReleaseRecords;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** deploy_history {releases: true}: each release with the deployments of its tag's commit, through the tool. */
class DeployHistoryReleasesTest extends SeededProjectTest {
  @Test
  @SuppressWarnings("unchecked")
  void listsAReleaseWithTheDeploymentsOfItsCommit() {
    String commit = p.service.get("d-1").commit();
    ReleaseRecords.recordCreated(p.service.store(), Clock.systemUTC(), "tester@example.com", "1.0.0", "v1.0.0",
        commit, Map.of());
    var r = ToolCase.ok("releases", Map.of("releases", true, "limit", 5), "1 release(s)").get()[0];
    var result = ((ToolCase) r).run(p.tool("deploy_history"));
    Map<String, Object> s = ToolResultChecks.structured(result);
    List<Map<String, Object>> releases = (List<Map<String, Object>>) s.get("releases");
    assertThat(releases).hasSize(1);
    assertThat(releases.get(0)).containsEntry("version", "1.0.0").containsEntry("tag", "v1.0.0")
        .containsEntry("createdBy", "tester@example.com");
    List<Map<String, Object>> deployments = (List<Map<String, Object>>) releases.get(0).get("deployments");
    assertThat(deployments).extracting(d -> d.get("id") + ":" + d.get("state"))
        .containsExactly("d-3:awaiting-approval", "d-2:rolled-back", "d-1:completed");
    assertThat(deployments.get(2)).containsEntry("environments", List.of("dev", "staging", "prod"));
  }
}
