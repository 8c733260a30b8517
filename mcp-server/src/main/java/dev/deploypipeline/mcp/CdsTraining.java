package dev.deploypipeline.mcp;

import dev.deploypipeline.App;
import dev.deploypipeline.deploy.DeploymentService;
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
import java.util.List;
import java.util.Map;

/**
 * The scripted session the build runs under {@code -XX:ArchiveClassesAtExit} to produce the AppCDS archive that
 * {@code plugin/.mcp.json} launches with: the real server in this JVM, driven over pipes through initialize,
 * tools/list and the read-only calls a session starts with, each answered before the next is sent (a fixed
 * script with stdin EOF would race the answers). Classes loaded here are the ones the archive will hold.
 *
 * <p>{@code java -XX:ArchiveClassesAtExit=deployment-pipeline.jsa -cp deployment-pipeline.jar
 * dev.deploypipeline.mcp.CdsTraining}
 */
public final class CdsTraining {
  private static final List<String> SCRIPT = List.of(
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"cds-training\",\"version\":\"1\"}}}",
      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}",
      "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"deploy_status\",\"arguments\":{}}}",
      "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"deploy_history\",\"arguments\":{}}}");

  private CdsTraining() {}

  public static void main(String[] args) throws Exception {
    Warmup.start();
    Path project = Files.createTempDirectory("dp-cds-training");
    PipedOutputStream toServer = new PipedOutputStream();
    PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
    PipedInputStream fromServer = new PipedInputStream(1 << 20);
    PrintStream serverOut = new PrintStream(new PipedOutputStream(fromServer), true, StandardCharsets.UTF_8);
    Clock clock = Clock.systemUTC();
    Map<String, String> env = Map.of();
    DeploymentService service = App.service(project, env, clock, Sleeper.REAL, List.of());
    Thread server = new Thread(() -> McpStdioServer.serve(Tools.all(service, env, Sleeper.REAL, clock), serverIn,
        serverOut), "cds-training-server");
    server.start();
    BufferedReader replies = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8));
    for (String line : SCRIPT) {
      toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      toServer.flush();
      if (line.contains("\"id\"")) await(replies, line);
    }
    toServer.close();
    server.join(10_000);
    service.shutdown();
    deleteTree(project);
    System.err.println("cds training: session answered");
    System.exit(0);
  }

  private static void await(BufferedReader replies, String request) throws IOException {
    String id = request.replaceAll(".*\"id\":(\\d+).*", "$1");
    for (String r = replies.readLine(); r != null; r = replies.readLine()) {
      if (r.contains("\"id\":" + id + ",") || r.contains("\"id\":" + id + "}")) {
        if (r.contains("\"id\":" + id + ",\"error\"") || r.contains("\"isError\":true")) {
          throw new IllegalStateException("training: " + r.substring(0, Math.min(r.length(), 500)));
        }
        return;
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
