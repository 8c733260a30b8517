package dev.deploypipeline.mcp;

import dev.deploypipeline.app.App;
import dev.deploypipeline.testutil.TickingClock;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.workflow.Sleeper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real project on disk for tool tests: a git repository with one commit on {@code main}, a
 * {@code .claude/deployment-config.json} with trivial bash commands, and the real service from {@link App#service}.
 * Time is a clock that moves one second per reading, so stage durations are non-zero without any waiting.
 */
public final class TestProject implements AutoCloseable {
  static final String USER = "tester@example.com";

  /** Every stage and environment succeeds at once; prod needs approval (the default). */
  public static final String GOOD_CONFIG = """
      {"service": "demo",
       "stages": {"validate": {"command": "true"}, "build": {"command": "echo built"}, "test": {"command": "true"}},
       "environments": {
         "dev": {"deploy": {"command": "echo deployed dev"}, "rollback": {"command": "echo rolled back dev"}},
         "staging": {"deploy": {"command": "echo deployed staging"}, "rollback": {"command": "echo rolled back staging"}},
         "prod": {"deploy": {"command": "echo deployed prod"}, "rollback": {"command": "echo rolled back prod"}}},
       "retry": {"maxAttempts": 1}}
      """;

  final Path dir;
  public final TickingClock clock = new TickingClock(Instant.parse("2026-11-25T10:00:00Z"), Duration.ofSeconds(1));
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  public final DeploymentService service;
  final Sleeper sleeper;
  static final Map<String, String> ENV = Map.of("DEPLOY_PIPELINE_USER", USER);

  private TestProject(Path dir) {
    this.dir = dir;
    this.sleeper = sleeps::add;
    this.service = App.service(dir, ENV, clock, sleeper, List.of());
  }

  public static TestProject create(Path dir, String config) throws Exception {
    git(dir, "init", "-q", "-b", "main");
    Files.writeString(dir.resolve("README.md"), "demo\n");
    git(dir, "add", "README.md");
    git(dir, "-c", "user.email=" + USER, "-c", "user.name=Tester", "commit", "-q", "-m", "initial");
    writeConfig(dir, config);
    return new TestProject(dir);
  }

  /**
   * A project with history, made through the service itself: d-1 completed, d-2 rolled back, d-3 waiting at
   * the prod gate. Synchronous drives, so nothing runs in the background afterwards.
   */
  public static TestProject seeded(Path dir) throws Exception {
    TestProject p = create(dir, GOOD_CONFIG);
    seed(p.service, USER);
    return p;
  }

  /** The history of {@link #seeded} made through {@code s} (a GOOD_CONFIG project with no deployments yet). */
  public static void seed(DeploymentService s, String user) throws Exception {
    String d1 = s.start("demo", "main", null, user).id();
    s.drive(d1);
    s.decide(d1, "approve", user, "ship it");
    s.drive(d1);
    String d2 = s.start("demo", "main", null, user).id();
    s.drive(d2);
    s.rollback(d2, "seeded rollback", user);
    String d3 = s.start("demo", "main", null, user).id();
    s.drive(d3);
    if (!List.of(d1, d2, d3).equals(List.of("d-1", "d-2", "d-3"))) throw new IllegalStateException("ids " + d1);
  }

  static void writeConfig(Path dir, String config) throws IOException {
    Files.createDirectories(dir.resolve(".claude"));
    Files.writeString(dir.resolve(".claude").resolve("deployment-config.json"), config);
  }

  public List<McpTool> tools() {
    return Tools.all(service, ENV, sleeper, clock);
  }

  public McpTool tool(String name) {
    return tools().stream().filter(t -> t.definition().name().equals(name)).findFirst().orElseThrow();
  }

  public static String git(Path dir, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + out);
    }
    return out.strip();
  }

  @Override
  public void close() {
    service.shutdown();
  }
}
