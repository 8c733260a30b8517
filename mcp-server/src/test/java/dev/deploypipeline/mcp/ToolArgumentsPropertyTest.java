package dev.deploypipeline.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.app.App;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Sleeper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every tool, any arguments (right names with wrong types, unknown names, nesting, huge and hostile strings),
 * called as the server calls it but without the SDK's schema check in front: the answer is always a result or an
 * isError result with a message, never an exception or a stack trace.
 */
class ToolArgumentsPropertyTest {
  static Path dir;
  static DeploymentService service;
  static List<McpTool> tools;

  @BeforeContainer
  static void setUp() throws Exception {
    dir = Files.createTempDirectory("dp-props-");
    TestProjects.gitProject(dir, TestProjects.config("true", "true", "true", "true", "true", null));
    Map<String, String> env = Map.of("DEPLOY_PIPELINE_USER", "prop@example.com");
    service = App.service(dir, env, Clock.systemUTC(), Sleeper.REAL, List.of());
    tools = Tools.all(service, env, Sleeper.REAL, Clock.systemUTC());
  }

  @AfterContainer
  static void tearDown() throws Exception {
    service.shutdown();
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Property(tries = 3000)
  void everyToolAnswersEveryArgumentMap(@ForAll("toolIndex") int index, @ForAll("arguments") Map<String, Object> raw,
      @ForAll("schemaKeyValues") Map<String, Object> typed) {
    McpTool tool = tools.get(index);
    Map<String, Object> args = new LinkedHashMap<>(raw);
    // Half the keys come from the tool's own schema, so validation beyond "unknown key" is reached.
    List<String> names = schemaKeys(tool);
    int i = 0;
    for (Object v : typed.values()) {
      if (names.isEmpty()) break;
      args.put(names.get(i++ % names.size()), v);
    }
    McpSchema.CallToolResult r = ToolSupport.guarded(() -> tool.call(ToolContext.NONE, args));
    assertThat(r).as(tool.definition().name() + " " + args).isNotNull();
    String text = r.content().stream().map(c -> c instanceof McpSchema.TextContent t ? t.text() : "").reduce("",
        String::concat);
    assertThat(text).as("text of " + tool.definition().name()).isNotBlank().doesNotContain("\tat ")
        .doesNotContain("Exception:");
    if (Boolean.TRUE.equals(r.isError())) {
      assertThat(r.structuredContent()).as("isError result of " + tool.definition().name()).isNotNull();
    }
  }

  @SuppressWarnings("unchecked")
  static List<String> schemaKeys(McpTool tool) {
    Object props = tool.definition().inputSchema().get("properties");
    return props instanceof Map<?, ?> m ? new ArrayList<>((java.util.Set<String>) m.keySet()) : List.of();
  }

  @Provide
  Arbitrary<Integer> toolIndex() {
    return Arbitraries.integers().between(0, tools.size() - 1);
  }

  @Provide
  Arbitrary<Map<String, Object>> arguments() {
    return Arbitraries.maps(Arbitraries.of("deploymentId", "service", "branch", "commit", "wait", "limit", "decision",
        "reason", "channel", "path", "pipeline", "executionId", "x", "", "__proto__"), values()).ofMaxSize(4);
  }

  @Provide
  Arbitrary<Map<String, Object>> schemaKeyValues() {
    return Arbitraries.maps(Arbitraries.strings().alpha().ofLength(3), values()).ofMaxSize(4);
  }

  static Arbitrary<Object> values() {
    Arbitrary<Object> scalar = Arbitraries.oneOf(
        Arbitraries.just(null),
        Arbitraries.of(true, false),
        Arbitraries.integers().map(x -> (Object) x),
        Arbitraries.longs().map(x -> (Object) x),
        Arbitraries.doubles().map(x -> (Object) x),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0),
        Arbitraries.strings().ofMaxLength(40).map(x -> (Object) x),
        Arbitraries.of("d-1", "d-0", "d-99999999999999", "main", "svc", "approve", "reject", "slack", "email",
            "../../etc/passwd", "/etc/passwd", "docker-compose.yml", "2026-11-25", "x".repeat(5000), "\u0000",
            "\u202e", "${HOME}", "$(id)", "-rf", "true")
            .map(x -> (Object) x));
    return Arbitraries.oneOf(scalar,
        scalar.list().ofMaxSize(3).map(x -> (Object) x),
        Arbitraries.maps(Arbitraries.of("a", "type", "$ref"), scalar).ofMaxSize(2).map(x -> (Object) new HashMap<>(x)));
  }
}
