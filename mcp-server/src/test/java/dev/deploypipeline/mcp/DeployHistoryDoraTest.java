package dev.deploypipeline.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy_history's summary carries DORA's four keys beside its old fields, computed from the seeded project (d-1
 * reached prod, d-2 was rolled back before prod, d-3 waits at the gate), and each start records its commit's time.
 */
class DeployHistoryDoraTest extends SeededProjectTest {

  @Test
  @SuppressWarnings("unchecked")
  void summaryHasTheFourKeys() {
    var r = p.tool("deploy_history").call(ToolContext.NONE, Map.of("since", "7d"));
    Map<String, Object> summary = (Map<String, Object>) ((Map<String, Object>) r.structuredContent()).get("summary");
    assertThat(summary).containsEntry("count", 3).containsEntry("completed", 1).containsEntry("rolledBack", 1)
        .containsKey("successRate");
    Map<String, Object> dora = (Map<String, Object>) summary.get("dora");
    assertThat(dora).containsEntry("environment", "prod").containsKeys("since", "until", "days");
    assertThat((Map<String, Object>) dora.get("deploymentFrequency")).containsEntry("deployments", 1);
    assertThat((Map<String, Object>) dora.get("changeFailureRate")).containsEntry("failures", 0)
        .containsEntry("changes", 1).containsEntry("rate", 0.0);
    assertThat((Map<String, Object>) dora.get("leadTime")).containsEntry("samples", 1);
    assertThat((Map<String, Object>) dora.get("timeToRestore")).containsEntry("restored", 0)
        .containsEntry("unrestored", 0);
  }

  @Test
  @SuppressWarnings("unchecked")
  void stagingCountsTheRollbackAsAFailure() {
    var r = p.tool("deploy_history").call(ToolContext.NONE, Map.of("environment", "staging"));
    Map<String, Object> summary = (Map<String, Object>) ((Map<String, Object>) r.structuredContent()).get("summary");
    Map<String, Object> dora = (Map<String, Object>) summary.get("dora");
    assertThat(dora).containsEntry("environment", "staging");
    // d-1 and d-2 finished after reaching staging (d-3 has not finished); d-2 was rolled back
    assertThat((Map<String, Object>) dora.get("changeFailureRate")).containsEntry("failures", 1)
        .containsEntry("changes", 2).containsEntry("rate", 0.5);
    assertThat((Map<String, Object>) dora.get("deploymentFrequency")).containsEntry("deployments", 3);
    assertThat((Map<String, Object>) dora.get("timeToRestore")).containsEntry("restored", 1);
  }

  @Test
  void startRecordsTheCommitTimeFromGit() throws Exception {
    var d = p.service.get("d-1");
    String committed = TestProject.git(p.dir, "show", "-s", "--format=%cI", d.commit());
    assertThat(d.commitAt()).isEqualTo(OffsetDateTime.parse(committed).toInstant());
  }
}
