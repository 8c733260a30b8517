package dev.deploypipeline.mcp.stdio;

import dev.deploypipeline.app.App;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.mcp.McpTool;
import dev.deploypipeline.mcp.ToolSupport;
import dev.deploypipeline.mcp.Tools;
import dev.deploypipeline.workflow.Sleeper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scripted session the build runs under {@code -XX:ArchiveClassesAtExit} to produce the AppCDS archive that
 * {@code plugin/.mcp.json} launches with: the real server in this JVM, driven over pipes through initialize,
 * tools/list and the read-only calls a session starts with, each answered before the next is sent (a fixed
 * script with stdin EOF would race the answers). Classes loaded here are the ones the archive will hold. It also
 * records the SDK's answers to initialize and tools/list beside the jar ({@link CannedAnswers}), then runs one
 * session through {@link EarlyDoor} with them.
 *
 * <p>{@code java -XX:ArchiveClassesAtExit=deployment-pipeline.jsa -cp deployment-pipeline.jar
 * dev.deploypipeline.mcp.stdio.CdsTraining dev.deploypipeline.Main}
 */
public final class CdsTraining {
  private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}";
  private static final List<String> SCRIPT = List.of(
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"cds-training\",\"version\":\"1\"}}}",
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
      TOOLS_LIST,
      "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"deploy_status\",\"arguments\":{}}}",
      "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"deploy_history\",\"arguments\":{}}}",
      "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"compose_validate\",\"arguments\":"
          + "{\"content\":\"services:\\n  web:\\n    image: nginx:1.27\\n    ports: [\\\"8080:80\\\"]\\n\"}}}");
  /**
   * A project config, so that the first call's config load (the YAML/JSON reader, interpolation, Hibernate
   * Validator's bootstrap and the config classes, about 1,000 classes) is archived too: without one, a session's
   * first deploy_status loaded all of that from the jar.
   */
  private static final String CONFIG = """
      {"service": "cds-training", "executor": "local", "passEnv": ["TRAINING_*"],
       "stages": {"validate": {"command": "true", "timeoutSeconds": 60, "idempotent": true},
                  "build": {"command": "true"}, "test": {"command": "true"}},
       "environments": {
         "dev": {"deploy": {"command": "true"}, "rollback": {"command": "true"},
                 "healthCheck": {"url": "http://127.0.0.1:${TRAINING_PORT:-18081}/health", "timeoutSeconds": 20}},
         "staging": {"deploy": {"command": "true"}, "rollback": {"command": "true"}},
         "prod": {"deploy": {"command": "true"}, "rollback": {"command": "true"}, "requiresApproval": true}}}
      """;

  private static final String NOOP_CONFIG = """
      {"service": "cds-training", "executor": "local",
       "stages": {"validate": {"command": "true"}, "build": {"command": "true"}, "test": {"command": "true"}},
       "environments": {"dev": {"deploy": {"command": "true"}, "rollback": {"command": "true"}},
         "staging": {"deploy": {"command": "true"}, "rollback": {"command": "true"}},
         "prod": {"deploy": {"command": "true"}, "rollback": {"command": "true"}, "requiresApproval": false}}}
      """;

  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    // Loaded (not run) so that the archive holds them too: they are on the way to the first answer. The entry
    // point above this package (Main) is named by the build, as an argument.
    List.of(ServeCommand.class, ServeCommand.Build.class);
    for (String c : args) Class.forName(c, false, CdsTraining.class.getClassLoader());
    Warmup.start();
    Path project = Files.createTempDirectory("dp-cds-training");
    Files.createDirectories(project.resolve(".claude"));
    Files.writeString(project.resolve(".claude/deployment-config.json"), CONFIG);
    Clock clock = Clock.systemUTC();
    Map<String, String> env = Map.of();
    // deploy_status no longer loads the config (a project without flags), but deploy_start and most tools do.
    new ConfigLoader(env).load(project);
    DeploymentService service = App.service(project, env, clock, Sleeper.REAL, List.of());
    List<McpTool> tools = Tools.all(service, env, Sleeper.REAL, clock);
    CannedAnswers canned;
    try (Session s = new Session(in -> out -> McpStdioServer.serve(tools, in, out))) {
      List<String> replies = new ArrayList<>();
      for (String line : SCRIPT) replies.add(s.send(line));
      canned = record(s, replies.get(SCRIPT.indexOf(TOOLS_LIST)));
    }
    // The answers for EarlyDoor, from this very jar; then one session through it, so its classes are archived too.
    Path jar = CannedAnswers.servedJar();
    if (jar != null) canned.write(CannedAnswers.fileFor(jar), jar);
    try (Session s = new Session(in -> out -> McpStdioServer.serve(canned, () -> tools, in, out))) {
      for (String line : SCRIPT.subList(0, 3)) s.send(line);
    }
    service.shutdown();
    deleteTree(project);
    deployOnce(clock);
    System.err.println("cds training: session answered" + (jar == null ? "" : "; answers written beside " + jar));
    System.exit(0);
  }

  /**
   * One no-op deployment from pending to completed ({@code true} for every command): the engine, the store's
   * transactions, the local executor's process spawning and the stage views, about 500 classes that the read-only
   * calls never load and a session's first deployment otherwise reads from the jar. Needs git; without it the archive
   * only lacks these classes.
   */
  static void deployOnce(Clock clock) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("dp-cds-deploy");
      Files.createDirectories(dir.resolve(".claude"));
      Files.writeString(dir.resolve(".claude/deployment-config.json"), NOOP_CONFIG);
      for (List<String> git : List.of(List.of("init", "-q", "-b", "main"), List.of("add", "-A"),
          List.of("-c", "user.email=cds@example.com", "-c", "user.name=cds", "commit", "-q", "-m", "training"))) {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(git);
        if (new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start().waitFor() != 0) throw new IOException("git " + git.get(0) + " failed");
      }
      Map<String, String> env = Map.of("DEPLOY_PIPELINE_USER", "cds-training@example.com");
      DeploymentService service = App.service(dir, env, clock, Sleeper.REAL, List.of());
      List<McpTool> tools = Tools.all(service, env, Sleeper.REAL, clock);
      try (Session s = new Session(in -> out -> McpStdioServer.serve(tools, in, out))) {
        for (String line : SCRIPT.subList(0, 2)) s.send(line);
        s.send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"deploy_start\","
            + "\"arguments\":{\"service\":\"cds-training\",\"branch\":\"main\",\"wait\":true}}}");
        s.send(SCRIPT.get(3));
      } finally {
        service.shutdown();
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("cds training: no deployment run, so the engine's classes are not archived: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (dir != null) {
        try {
          deleteTree(dir);
        } catch (IOException e) {
          // a temp dir left behind
        }
      }
    }
  }

  /** The SDK's initialize result for every protocol version it accepts, and its tools/list result. */
  static CannedAnswers record(Session s, String toolsListReply) throws IOException {
    JsonMapper json = JsonMapper.shared();
    Map<String, String> init = new LinkedHashMap<>();
    int id = 100;
    for (String version : new DirectTransport(ToolSupport.json()).protocolVersions()) {
      String reply = s.send("{\"jsonrpc\":\"2.0\",\"id\":" + id++ + ",\"method\":\"initialize\",\"params\":"
          + "{\"protocolVersion\":\"" + version + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"cds-training\","
          + "\"version\":\"1\"}}}");
      JsonNode result = json.readTree(reply).path("result");
      // Only versions the SDK echoes: for the others it negotiates, and EarlyDoor leaves those to it.
      if (version.equals(result.path("protocolVersion").asString(null))) init.put(version, json.writeValueAsString(result));
    }
    return new CannedAnswers(init, json.writeValueAsString(json.readTree(toolsListReply).get("result")));
  }

  /** One server on pipes; {@link #send} waits for the answer to a request (null for a notification). */
  static final class Session implements AutoCloseable {
    interface Server {
      Consumer<PrintStream> on(InputStream in);
    }

    private final PipedOutputStream toServer = new PipedOutputStream();
    private final BufferedReader replies;
    private final Thread thread;

    Session(Server server) throws IOException {
      PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
      PipedInputStream fromServer = new PipedInputStream(1 << 20);
      PrintStream serverOut = new PrintStream(new PipedOutputStream(fromServer), true, StandardCharsets.UTF_8);
      replies = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8));
      thread = new Thread(() -> server.on(serverIn).accept(serverOut), "cds-training-server");
      thread.start();
    }

    String send(String line) throws IOException {
      toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      toServer.flush();
      return line.contains("\"id\"") ? await(replies, line) : null;
    }

    @Override
    public void close() throws IOException, InterruptedException {
      toServer.close();
      thread.join(10_000);
    }
  }

  private static String await(BufferedReader replies, String request) throws IOException {
    String id = request.replaceAll(".*\"id\":(\\d+).*", "$1");
    for (String r = replies.readLine(); r != null; r = replies.readLine()) {
      if (r.contains("\"id\":" + id + ",") || r.contains("\"id\":" + id + "}")) {
        if (r.contains("\"id\":" + id + ",\"error\"") || r.contains("\"isError\":true")) {
          throw new IllegalStateException("training: " + r.substring(0, Math.min(r.length(), 500)));
        }
        return r;
      }
    }
    throw new IllegalStateException("training: the server closed before answering " + request);
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
    }
  }
}
