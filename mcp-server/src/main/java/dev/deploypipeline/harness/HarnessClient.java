package dev.deploypipeline.harness;

import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.Retrier;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;

/**
 * Harness NextGen pipeline API over {@code java.net.http}: execute with runtime-input YAML, execution status
 * ({@code execution/v2}), list executions, abort (interrupt {@code AbortAll}) and the UI link. Transient failures
 * go through the project's one {@link Retrier}. The API key only ever travels in the {@code x-api-key} header.
 */
public final class HarnessClient implements AutoCloseable {
  /** How far Harness's clock may lag ours when deciding whether an execution began after our execute. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

  private final HarnessConfig config;
  private final String apiKey;
  private final String accountId;
  private final Duration requestTimeout;
  private final Retrier retrier;
  private final Retrier.Listener listener;
  private final Clock clock;
  private final HttpClient http;
  private final HarnessErrors errors;

  public HarnessClient(HarnessConfig config, String apiKey, Duration requestTimeout, Retrier retrier,
      Retrier.Listener listener, Clock clock) {
    if (apiKey == null || apiKey.isBlank()) throw missingKey(config);
    this.config = config;
    this.apiKey = apiKey.trim();
    this.accountId = config.resolveAccountId(this.apiKey);
    this.requestTimeout = requestTimeout;
    this.retrier = retrier;
    this.listener = listener == null ? Retrier.Listener.NONE : listener;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.errors = new HarnessErrors(config.apiKeyEnvOrDefault(),
        "org '" + config.orgId() + "', project '" + config.projectId() + "'", clock, this.apiKey);
  }

  /** The client for {@code config}, with the key read from the variable it names ({@code HARNESS_API_KEY}). */
  public static HarnessClient fromEnvironment(HarnessConfig config, Map<String, String> env, Retrier retrier,
      Retrier.Listener listener, Clock clock) {
    return new HarnessClient(config, env.get(config.apiKeyEnvOrDefault()), config.requestTimeout(), retrier,
        listener, clock);
  }

  static HarnessException missingKey(HarnessConfig config) {
    return new HarnessException(config.apiKeyEnvOrDefault() + " is not set: export " + config.apiKeyEnvOrDefault()
        + "=<a Harness personal access or service account token> in the environment that starts the server "
        + "(never put the key in the config file)", Failure.Kind.PERMANENT, 0, null, null);
  }

  public String accountId() {
    return accountId;
  }

  /**
   * Releases the HTTP client: its connections and selector thread. {@code HttpClient} can be closed from Java 21 on;
   * on 17 it stops once unreachable, so holders keep one client per config instead of one per call.
   */
  @Override
  public void close() {
    if (http instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // Closing only waits for exchanges in flight; nothing is left to do if that fails.
      }
    }
  }

  /**
   * Starts {@code pipeline} with {@code inputsYaml} (may be empty). Not idempotent: when an attempt may have reached
   * Harness without an answer (timeout, 500/502/504), the next attempt first looks for an execution of this
   * pipeline tagged with {@code deploymentTag} (the {@code deploymentId} runtime input) and adopts it. Without a
   * tag such a failure is never retried.
   */
  public StartedExecution execute(String pipeline, String inputsYaml, String deploymentTag)
      throws InterruptedException {
    Instant sentAfter = clock.instant();
    StringBuilder q = scopeQuery();
    if (deploymentTag != null) q.append("&notesForPipelineExecution=").append(enc("deployment " + deploymentTag));
    HttpRequest request = request("/pipeline/api/pipeline/execute/" + enc(pipeline), q)
        .header("Content-Type", "application/yaml")
        .POST(HttpRequest.BodyPublishers.ofString(inputsYaml == null ? "" : inputsYaml)).build();
    AtomicBoolean ambiguous = new AtomicBoolean(false);
    AtomicReference<StartedExecution> started = new AtomicReference<>();
    AtomicReference<HarnessException> last = new AtomicReference<>();
    Retrier.Outcome outcome = retrier.run(true, n -> {
      try {
        if (ambiguous.get()) {
          if (deploymentTag == null) {
            throw last.get().permanent(last.get().getMessage() + "; the execution may have started, so it is not "
                + "retried blindly: check the pipeline's execution list in Harness before running it again");
          }
          Optional<Execution> found = findTagged(pipeline, deploymentTag, sentAfter);
          if (found.isPresent()) {
            String id = found.get().executionId();
            started.set(new StartedExecution(id, pipeline, executionUrl(pipeline, id), true));
            return Optional.empty();
          }
        }
        JsonNode data = exchange("execute pipeline '" + pipeline + "'", request);
        String id = Json.text(data.path("planExecution").path("uuid"));
        if (id == null) id = Json.text(data.path("planExecution").path("metadata").path("executionUuid"));
        if (id == null) id = Json.text(data.path("planExecutionId"));
        if (id == null) throw errors.malformed("execute", "no data.planExecution.uuid");
        started.set(new StartedExecution(id, pipeline, executionUrl(pipeline, id), false));
        return Optional.empty();
      } catch (HarnessException e) {
        if (e.maybeExecuted()) ambiguous.set(true);
        last.set(e);
        return Optional.of(e.toFailure());
      }
    }, listener);
    if (!outcome.succeeded()) throw withAttempts(last.get(), outcome.attempts());
    return started.get();
  }

  /** The execution's summary from {@code GET /pipeline/api/pipelines/execution/v2/{id}}. */
  public Execution status(String executionId) throws InterruptedException {
    JsonNode data = withRetry("get execution '" + executionId + "'",
        () -> request("/pipeline/api/pipelines/execution/v2/" + enc(executionId), scopeQuery()).GET().build());
    JsonNode summary = data.path("pipelineExecutionSummary");
    if (summary.isMissingNode()) throw errors.malformed("get execution", "no data.pipelineExecutionSummary");
    return Execution.fromSummary(summary);
  }

  /** The newest {@code size} executions of {@code pipeline}, newest first as Harness returns them. */
  public List<Execution> listExecutions(String pipeline, int size) throws InterruptedException {
    StringBuilder q = scopeQuery().append("&page=0&size=").append(size).append("&pipelineIdentifier=")
        .append(enc(pipeline));
    JsonNode data = withRetry("list executions of '" + pipeline + "'",
        () -> request("/pipeline/api/pipelines/execution/summary", q).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"filterType\":\"PipelineExecution\"}")).build());
    List<Execution> out = new ArrayList<>();
    for (JsonNode n : data.path("content").values()) out.add(Execution.fromSummary(n));
    return out;
  }

  /** Aborts the whole execution (interrupt {@code AbortAll}); aborting twice is harmless, so this is retried. */
  public void abort(String executionId) throws InterruptedException {
    StringBuilder q = scopeQuery().append("&interruptType=AbortAll");
    withRetry("abort execution '" + executionId + "'",
        () -> request("/pipeline/api/pipeline/execute/interrupt/" + enc(executionId), q)
            .PUT(HttpRequest.BodyPublishers.noBody()).build());
  }

  /**
   * The project's name from ng-manager's {@code GET /ng/api/projects/{identifier}} (account and org as query
   * parameters): an answer proves the base URL, the key, the account, the org and the project all at once.
   */
  public String projectName() throws InterruptedException {
    StringBuilder q = new StringBuilder("accountIdentifier=").append(enc(accountId)).append("&orgIdentifier=")
        .append(enc(config.orgId()));
    JsonNode data = withRetry("get project '" + config.projectId() + "'",
        () -> request("/ng/api/projects/" + enc(config.projectId()), q).GET().build());
    if (data.path("project").isMissingNode()) throw errors.malformed("get project", "no data.project");
    return Json.text(data.path("project").path("name"));
  }

  /** The execution's page in the Harness UI. */
  public URI executionUrl(String pipeline, String executionId) {
    String ui = config.baseUrlOrDefault();
    if (ui.endsWith("/gateway")) ui = ui.substring(0, ui.length() - "/gateway".length());
    return URI.create(ui + "/ng/account/" + enc(accountId) + "/all/orgs/" + enc(config.orgId()) + "/projects/"
        + enc(config.projectId()) + "/pipelines/" + enc(pipeline) + "/executions/" + enc(executionId) + "/pipeline");
  }

  /**
   * An execution of {@code pipeline} started at or after {@code since} whose runtime inputs carry
   * {@code deploymentId: tag}; read back through the execution's input set ({@code inputsetV2}).
   */
  public Optional<Execution> findTagged(String pipeline, String tag, Instant since) throws InterruptedException {
    long from = since.minus(CLOCK_SKEW).toEpochMilli();
    for (Execution e : listExecutions(pipeline, 20)) {
      if (e.startTs() != 0 && e.startTs() < from) continue;
      JsonNode data = withRetry("get inputs of execution '" + e.executionId() + "'",
          () -> request("/pipeline/api/pipelines/execution/" + enc(e.executionId()) + "/inputsetV2", scopeQuery())
              .GET().build());
      for (JsonNode field : data.values()) {
        if (field.isString() && tag.equals(RuntimeInputs.variable(field.asString(),
            RuntimeInputs.DEPLOYMENT_ID_VARIABLE).orElse(null))) {
          return Optional.of(e);
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "HarnessClient[" + config.baseUrlOrDefault() + ", account " + accountId + "]";
  }

  @FunctionalInterface
  private interface RequestFactory {
    HttpRequest build();
  }

  private JsonNode withRetry(String op, RequestFactory factory) throws InterruptedException {
    AtomicReference<JsonNode> result = new AtomicReference<>();
    AtomicReference<HarnessException> last = new AtomicReference<>();
    Retrier.Outcome outcome = retrier.run(true, n -> {
      try {
        result.set(exchange(op, factory.build()));
        return Optional.empty();
      } catch (HarnessException e) {
        last.set(e);
        return Optional.of(e.toFailure());
      }
    }, listener);
    if (!outcome.succeeded()) throw withAttempts(last.get(), outcome.attempts());
    return result.get();
  }

  private JsonNode exchange(String op, HttpRequest request) throws InterruptedException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw errors.fromIo(op, e, requestTimeout);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) throw errors.fromResponse(op, status, response.headers(), response.body());
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(response.body());
    } catch (RuntimeException e) {
      throw errors.malformed(op, "body is not JSON");
    }
    String envelope = Json.text(root.path("status"));
    if ("ERROR".equalsIgnoreCase(envelope) || "FAILURE".equalsIgnoreCase(envelope)) {
      throw errors.fromEnvelope(op, status, root);
    }
    return root.path("data");
  }

  private HttpRequest.Builder request(String path, CharSequence query) {
    return HttpRequest.newBuilder(URI.create(config.baseUrlOrDefault() + path + "?" + query))
        .timeout(requestTimeout).header("x-api-key", apiKey).header("Harness-Account", accountId)
        .header("Accept", "application/json");
  }

  private StringBuilder scopeQuery() {
    return new StringBuilder("accountIdentifier=").append(enc(accountId)).append("&routingId=").append(enc(accountId))
        .append("&orgIdentifier=").append(enc(config.orgId())).append("&projectIdentifier=")
        .append(enc(config.projectId()));
  }

  private static HarnessException withAttempts(HarnessException e, int attempts) {
    return attempts <= 1 ? e : e.withMessage(e.getMessage() + " [after " + attempts + " attempts]");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
