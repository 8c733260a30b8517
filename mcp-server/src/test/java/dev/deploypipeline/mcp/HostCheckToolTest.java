package dev.deploypipeline.mcp;

import static dev.deploypipeline.mcp.ToolCase.error;
import static dev.deploypipeline.mcp.ToolCase.ok;
import static dev.deploypipeline.mcp.ToolResultChecks.structured;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.deploy.HostChecks;
import dev.deploypipeline.hostcheck.FakeProbes;
import dev.deploypipeline.hostcheck.HostProbes;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** host_check's arguments and results: failed checks are a result (ready false), bad arguments an error. */
class HostCheckToolTest {
  private static final long MB = 1024L * 1024;
  @TempDir static Path dir;
  static HostCheckTool tool;

  @BeforeAll
  static void setUp() throws Exception {
    // 3000 MB free of 10000 MB: 30 %.
    HostProbes probes = FakeProbes.quiet().withDisk(p -> new HostProbes.Space("/", 10_000 * MB, 3_000 * MB));
    tool = new HostCheckTool(new HostChecks(dir, Map.of(), probes));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        ok("defaults pass", Map.of(), "ready: 2 ok"),
        ok("a higher disk floor fails, as a result", Map.of("minFreeDiskMb", 4000), "not ready: 1 ok"),
        ok("the share counts too", Map.of("minFreeDiskPercent", 31), "fail disk-project: 3000 MB free (30%)"),
        ok("memory threshold", Map.of("minAvailableMemoryMb", 5000), "fail memory: 4096 MB available"),
        ok("running", Map.of("running", true), "ready"),
        error("negative disk", Map.of("minFreeDiskMb", -1), "minFreeDiskMb: must be from 0 to 100000000"),
        error("percent too high", Map.of("minFreeDiskPercent", 100), "minFreeDiskPercent: must be from 0 to 99"),
        error("fraction", Map.of("minAvailableMemoryMb", 1.5), "minAvailableMemoryMb: must be a whole number"),
        error("running of wrong type", Map.of("running", "yes"), "running: must be true or false"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void table(ToolCase c) {
    c.run(tool);
  }

  @Test
  void aMalformedHostingSectionIsAnErrorThatNamesTheField(@TempDir Path other) throws Exception {
    Files.createDirectories(other.resolve(".claude"));
    Files.writeString(other.resolve(".claude/deployment-config.json"), "{\"hosting\": []}");
    McpSchema.CallToolResult r = new HostCheckTool(new HostChecks(other, Map.of(), FakeProbes.quiet()))
        .call(ToolContext.NONE, Map.of());
    assertThat(r.isError()).isTrue();
    assertThat(structured(r).get("error")).isEqualTo("hosting: must be an object, was []");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyCheckCarriesItsStatusAndFix() {
    Map<String, Object> s = structured(tool.call(ToolContext.NONE, Map.of("minFreeDiskMb", 4000)));
    assertThat(s).containsEntry("ready", false);
    List<Map<String, Object>> checks = (List<Map<String, Object>>) s.get("checks");
    assertThat(checks.get(0)).containsEntry("check", "disk-project").containsEntry("status", "fail")
        .containsKey("fix");
    assertThat((Map<String, Object>) s.get("thresholds")).containsEntry("minFreeDiskMb", 4000L);
  }
}
