package dev.deploypipeline.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Harness NextGen pipeline service on 127.0.0.1 speaking the documented wire format: execute (YAML body, returns
 * {@code data.planExecution.uuid}), {@code execution/v2} status, the executions summary list, the execution's
 * input set, and the {@code AbortAll} interrupt. Error bodies are Harness's ({@code status, code, message,
 * correlationId}). Each execution's statuses are scripted per pipeline and advance one step per status read.
 */
public final class FakeHarnessServer implements AutoCloseable {
  public static final String ACCOUNT = "acc123";
  public static final String KEY = "pat." + ACCOUNT + ".tok456.s3cr3tValueNeverShown";

  /** One request as received. */
  public record Received(String method, String path, Map<String, String> query, Map<String, String> headers,
      String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  /** A scripted run: statuses returned by successive status reads, and the stage that fails, if any. */
  public record Script(List<String> statuses, String failingStage, String failureMessage) {
    public static Script of(String... statuses) {
      return new Script(List.of(statuses), null, null);
    }

    public Script failingAt(String stage, String message) {
      return new Script(statuses, stage, message);
    }
  }

  /** A canned answer to the next request on a route, instead of the normal one. */
  public record Fault(int status, Map<String, String> headers, String body, boolean hangs, boolean acceptFirst) {
    public static Fault http(int status, String body) {
      return new Fault(status, Map.of(), body, false, false);
    }

    public static Fault http(int status, Map<String, String> headers, String body) {
      return new Fault(status, headers, body, false, false);
    }

    /** Never answers (until the server closes). */
    public static Fault hanging() {
      return new Fault(0, Map.of(), null, true, false);
    }

    /** Does the work (e.g. starts the execution) and then never answers: a timeout after sending. */
    public static Fault acceptThenHang() {
      return new Fault(0, Map.of(), null, true, true);
    }
  }

  static final class Run {
    final String id;
    final String pipeline;
    final String inputsYaml;
    final Script script;
    final long startTs;
    int reads;
    String forcedStatus;

    Run(String id, String pipeline, String inputsYaml, Script script, long startTs) {
      this.id = id;
      this.pipeline = pipeline;
      this.inputsYaml = inputsYaml;
      this.script = script;
      this.startTs = startTs;
    }

    synchronized String status() {
      if (forcedStatus != null) return forcedStatus;
      return script.statuses().get(Math.min(reads, script.statuses().size() - 1));
    }
  }

  private static final JsonMapper JSON = JsonMapper.shared();

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Clock clock;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Script> scripts = new ConcurrentHashMap<>();
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final List<Run> runOrder = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
  private final Map<String, String> projects = new ConcurrentHashMap<>();

  public FakeHarnessServer(Clock clock) throws IOException {
    this.clock = clock;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public FakeHarnessServer pipeline(String id, Script script) {
    scripts.put(id, script);
    return this;
  }

  /** A project ng-manager knows ({@code GET /ng/api/projects/{id}}), as "org/identifier" with its display name. */
  public FakeHarnessServer project(String org, String identifier, String name) {
    projects.put(org + "/" + identifier, name);
    return this;
  }

  /** Faults for route {@code execute}, {@code status}, {@code list}, {@code inputs} or {@code abort}, in order. */
  public FakeHarnessServer fault(String route, Fault... f) {
    faults.computeIfAbsent(route, r -> new ArrayDeque<>()).addAll(List.of(f));
    return this;
  }

  /** An execution that already exists, as if started by an earlier process. */
  public String existingRun(String pipeline, String inputsYaml) {
    return start(pipeline, inputsYaml).id;
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<Received> received(String method, String pathPrefix) {
    return received.stream().filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).toList();
  }

  public List<Received> executes() {
    return received("POST", "/pipeline/api/pipeline/execute/");
  }

  public int executionsStarted() {
    return runOrder.size();
  }

  public String statusOf(String executionId) {
    return runs.get(executionId).status();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body;
      try (InputStream in = ex.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
      Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), query(ex), headers, body);
      received.add(r);
      if (!KEY.equals(r.header("x-api-key"))) {
        send(ex, 401, Map.of(), error("INVALID_CREDENTIAL", "Invalid API token: token is invalid or expired"));
        return;
      }
      // ng-manager's project resource names the project in its path, not as projectIdentifier.
      boolean projectScoped = !r.path().startsWith("/ng/api/projects/");
      if (!ACCOUNT.equals(r.query().get("accountIdentifier")) || r.query().get("orgIdentifier") == null
          || (projectScoped && r.query().get("projectIdentifier") == null)) {
        send(ex, 400, Map.of(), error("INVALID_REQUEST", "Invalid request: accountIdentifier, orgIdentifier and "
            + "projectIdentifier are required"));
        return;
      }
      String route = route(r);
      Deque<Fault> q = faults.get(route);
      Fault fault = q == null ? null : q.poll();
      if (fault != null && !fault.acceptFirst()) {
        if (fault.hangs()) {
          hang();
          return;
        }
        send(ex, fault.status(), fault.headers(), fault.body());
        return;
      }
      String answer = answer(route, r);
      if (fault != null) {
        hang();
        return;
      }
      if (answer == null) return; // answered already (an error)
      send(ex, 200, Map.of(), answer);
    } catch (RuntimeException e) {
      e.printStackTrace();
      throw e;
    }
  }

  private String route(Received r) {
    String p = r.path();
    if (r.method().equals("POST") && p.startsWith("/pipeline/api/pipeline/execute/")) return "execute";
    if (r.method().equals("GET") && p.startsWith("/pipeline/api/pipelines/execution/v2/")) return "status";
    if (r.method().equals("POST") && p.equals("/pipeline/api/pipelines/execution/summary")) return "list";
    if (r.method().equals("GET") && p.endsWith("/inputsetV2")) return "inputs";
    if (r.method().equals("PUT") && p.startsWith("/pipeline/api/pipeline/execute/interrupt/")) return "abort";
    if (r.method().equals("GET") && p.startsWith("/ng/api/projects/")) return "project";
    return "unknown";
  }

  private String answer(String route, Received r) {
    String last = r.path().substring(r.path().lastIndexOf('/') + 1);
    switch (route) {
      case "execute": {
        if (!scripts.containsKey(last)) {
          return "!404" + error("RESOURCE_NOT_FOUND_EXCEPTION", "Pipeline [" + last + "] under Project["
              + r.query().get("projectIdentifier") + "], Organization [" + r.query().get("orgIdentifier")
              + "] doesn't exist or has been deleted.");
        }
        if (!"application/yaml".equals(r.header("content-type"))) {
          return "!415" + error("UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/yaml");
        }
        Run run = start(last, r.body());
        Map<String, Object> pe = new LinkedHashMap<>();
        pe.put("uuid", run.id);
        pe.put("status", "RUNNING");
        pe.put("metadata", Map.of("executionUuid", run.id, "runSequence", runOrder.size(), "pipelineIdentifier", last));
        pe.put("startTs", run.startTs);
        return ok(Map.of("planExecution", pe, "gitDetails", Map.of()));
      }
      case "status": {
        Run run = runs.get(last);
        if (run == null) return "!404" + error("RESOURCE_NOT_FOUND_EXCEPTION", "Plan Execution " + last + " not found");
        Map<String, Object> summary = summary(run);
        synchronized (run) {
          run.reads++;
        }
        return ok(Map.of("pipelineExecutionSummary", summary, "executionGraph", Map.of("rootNodeId", "root",
            "nodeMap", Map.of())));
      }
      case "list": {
        String pipeline = r.query().get("pipelineIdentifier");
        List<Object> content = new ArrayList<>();
        for (int i = runOrder.size() - 1; i >= 0; i--) {
          Run run = runOrder.get(i);
          if (pipeline == null || pipeline.equals(run.pipeline)) content.add(summary(run));
        }
        return ok(Map.of("content", content, "totalElements", content.size(), "pageIndex", 0));
      }
      case "inputs": {
        String id = r.path().split("/")[5];
        Run run = runs.get(id);
        if (run == null) return "!404" + error("RESOURCE_NOT_FOUND_EXCEPTION", "Plan Execution " + id + " not found");
        return ok(Map.of("inputSetTemplateYaml", "pipeline:\n  identifier: " + run.pipeline + "\n",
            "inputSetYaml", run.inputsYaml));
      }
      case "abort": {
        Run run = runs.get(last);
        if (run == null) return "!404" + error("RESOURCE_NOT_FOUND_EXCEPTION", "Plan Execution " + last + " not found");
        synchronized (run) {
          run.forcedStatus = "Aborted";
        }
        return ok(Map.of("id", UUID.randomUUID().toString(), "type", r.query().get("interruptType"),
            "planExecutionId", last));
      }
      case "project": {
        String org = r.query().get("orgIdentifier");
        String name = projects.get(org + "/" + last);
        if (name == null) {
          return "!404" + error("RESOURCE_NOT_FOUND_EXCEPTION", "Project with orgIdentifier [" + org
              + "] and identifier [" + last + "] not found");
        }
        Map<String, Object> project = new LinkedHashMap<>();
        project.put("orgIdentifier", org);
        project.put("identifier", last);
        project.put("name", name);
        project.put("color", "#0063f7");
        project.put("modules", List.of("CD"));
        project.put("description", "");
        project.put("tags", Map.of());
        return ok(Map.of("project", project, "createdAt", clock.millis(), "lastModifiedAt", clock.millis()));
      }
      default:
        return "!404" + error("RESOURCE_NOT_FOUND", "no such endpoint " + r.path());
    }
  }

  private Run start(String pipeline, String yaml) {
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    Run run = new Run(id, pipeline, yaml, scripts.getOrDefault(pipeline, Script.of("Running")),
        clock.millis());
    runs.put(id, run);
    runOrder.add(run);
    return run;
  }

  private Map<String, Object> summary(Run run) {
    String status = run.status();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("pipelineIdentifier", run.pipeline);
    s.put("planExecutionId", run.id);
    s.put("name", run.pipeline);
    s.put("status", status);
    s.put("startTs", run.startTs);
    s.put("createdAt", run.startTs);
    s.put("runSequence", runOrder.indexOf(run) + 1);
    Map<String, Object> layout = new LinkedHashMap<>();
    layout.put("n1", stageNode("build", "Build", "Success", null));
    if (run.script.failingStage() != null && ExecutionPhase.of(status) == ExecutionPhase.FAILED) {
      layout.put("n2", stageNode("failing", run.script.failingStage(), status, run.script.failureMessage()));
      s.put("failureInfo", Map.of("message", run.script.failureMessage() == null ? "" : run.script.failureMessage()));
    }
    s.put("layoutNodeMap", layout);
    return s;
  }

  private static Map<String, Object> stageNode(String id, String name, String status, String message) {
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("nodeType", "Deployment");
    n.put("nodeGroup", "STAGE");
    n.put("nodeIdentifier", id);
    n.put("name", name);
    n.put("status", status);
    if (message != null) n.put("failureInfo", Map.of("message", message));
    return n;
  }

  private void hang() {
    try {
      closing.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static String error(String code, String message) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("status", "ERROR");
    e.put("code", code);
    e.put("message", message);
    e.put("correlationId", "corr-" + code.toLowerCase());
    e.put("detailedMessage", null);
    e.put("responseMessages", List.of(Map.of("code", code, "level", "ERROR", "message", message)));
    e.put("metadata", null);
    return JSON.writeValueAsString(e);
  }

  private static String ok(Object data) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", "SUCCESS");
    m.put("data", data);
    m.put("metaData", null);
    m.put("correlationId", UUID.randomUUID().toString());
    return JSON.writeValueAsString(m);
  }

  private static void send(HttpExchange ex, int status, Map<String, String> headers, String body) throws IOException {
    if (body != null && body.startsWith("!")) {
      status = Integer.parseInt(body.substring(1, 4));
      body = body.substring(4);
    }
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) ex.getResponseBody().write(bytes);
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> q = new LinkedHashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw == null) return q;
    for (String pair : raw.split("&")) {
      int i = pair.indexOf('=');
      String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
      String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
      q.put(k, v);
    }
    return q;
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    pool.shutdownNow();
  }
}
