package dev.deploypipeline.executor;

import dev.deploypipeline.harness.Execution;
import dev.deploypipeline.harness.ExecutionPhase;
import dev.deploypipeline.harness.ExecutionWaiter;
import dev.deploypipeline.harness.HarnessClient;
import dev.deploypipeline.harness.HarnessConfig;
import dev.deploypipeline.harness.HarnessException;
import dev.deploypipeline.harness.RuntimeInputs;
import dev.deploypipeline.harness.StartedExecution;
import dev.deploypipeline.workflow.Failure;
import dev.deploypipeline.workflow.Sleeper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a stage as a Harness pipeline and waits for it. The execution id is recorded on the deployment before the
 * first poll, so a restarted server re-attaches instead of starting a second execution; a marker recorded just
 * before the execute lets it find an execution whose start was never confirmed.
 */
public final class HarnessExecutor implements StageExecutor {
  public static final String PIPELINE = "harness.pipeline";
  public static final String EXECUTION_ID = "harness.executionId";
  public static final String EXECUTION_URL = "harness.executionUrl";
  /** Set just before an execute is sent; with no execution id beside it, the execute's outcome is unknown. */
  public static final String EXECUTE_REQUESTED_AT = "harness.executeRequestedAt";

  private static final Logger LOG = LoggerFactory.getLogger(HarnessExecutor.class);

  private final HarnessConfig config;
  private final Supplier<HarnessClient> clients;
  private final Sleeper sleeper;
  private final Clock clock;

  /**
   * @param config the {@code harness} section; null yields a clear stage failure
   * @param clients builds the client when a stage runs, so a missing {@code HARNESS_API_KEY} fails the stage with
   *     the variable's name instead of failing server start
   */
  public HarnessExecutor(HarnessConfig config, Supplier<HarnessClient> clients, Sleeper sleeper, Clock clock) {
    this.config = config;
    this.clients = clients;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "harness";
  }

  @Override
  public StageResult run(StageRequest request) throws InterruptedException {
    if (config == null) {
      return permanent("stage '" + request.stage() + "' uses the harness executor but the config has no 'harness' "
          + "section: add harness.orgId and harness.projectId (see examples/harness/deployment-config.json)");
    }
    Optional<String> pipeline = config.pipelineFor(request.stage(),
        request.spec() == null ? null : request.spec().pipeline());
    if (pipeline.isEmpty()) {
      return permanent("stage '" + request.stage() + "' has no default Harness pipeline: set its \"pipeline\" in "
          + "the stage config, or harness.pipelines.\"" + request.stage() + "\", or give it executor \"local\"");
    }
    Map<String, String> external = new LinkedHashMap<>();
    try {
      HarnessClient client = clients.get();
      StartedExecution started = attachOrStart(client, pipeline.get(), request, external);
      return await(client, started, request, external);
    } catch (HarnessException e) {
      log(request, "error: " + e.getMessage());
      return withExternal(StageResult.failed(e.toFailure(), null), external);
    } catch (IllegalArgumentException e) {
      return permanent(e.getMessage());
    }
  }

  private StartedExecution attachOrStart(HarnessClient client, String pipeline, StageRequest request,
      Map<String, String> external) throws InterruptedException {
    Map<String, String> known = request.external() == null ? Map.of() : request.external();
    String recorded = known.get(EXECUTION_ID);
    String recordedPipeline = known.getOrDefault(PIPELINE, pipeline);
    if (recorded != null && !recorded.isBlank()) {
      log(request, "re-attaching to recorded execution " + recorded + " of " + recordedPipeline);
      external.putAll(Map.of(PIPELINE, recordedPipeline, EXECUTION_ID, recorded,
          EXECUTION_URL, client.executionUrl(recordedPipeline, recorded).toString()));
      return new StartedExecution(recorded, recordedPipeline, client.executionUrl(recordedPipeline, recorded), true);
    }
    String tag = request.context().get("DEPLOYMENT_ID");
    String requestedAt = known.get(EXECUTE_REQUESTED_AT);
    if (requestedAt != null && !requestedAt.isBlank() && tag != null) {
      // An earlier process sent an execute and died before learning its id: look before executing again.
      Optional<Execution> found = client.findTagged(recordedPipeline, tag, Instant.parse(requestedAt));
      if (found.isPresent()) {
        StartedExecution s = new StartedExecution(found.get().executionId(), recordedPipeline,
            client.executionUrl(recordedPipeline, found.get().executionId()), true);
        log(request, "found execution " + s.executionId() + " started by an earlier attempt; re-attaching");
        record(request, external, s);
        return s;
      }
    }
    String yaml = RuntimeInputs.yaml(pipeline, RuntimeInputs.resolve(config.variables(), request.context()));
    external.put(PIPELINE, pipeline);
    external.put(EXECUTE_REQUESTED_AT, clock.instant().toString());
    request.recordExternal().accept(Map.copyOf(external));
    log(request, "executing Harness pipeline " + pipeline);
    StartedExecution s = client.execute(pipeline, yaml, tag);
    record(request, external, s);
    log(request, (s.adopted() ? "adopted execution " : "started execution ") + s.executionId() + " " + s.url());
    return s;
  }

  private StageResult await(HarnessClient client, StartedExecution started, StageRequest request,
      Map<String, String> external) throws InterruptedException {
    Duration timeout = request.timeout() != null ? request.timeout()
        : Duration.ofSeconds(request.spec() == null ? 600 : request.spec().timeout());
    Instant deadline = clock.instant().plus(timeout);
    AtomicReference<String> lastStatus = new AtomicReference<>();
    ExecutionWaiter.Outcome outcome = ExecutionWaiter.of(client, config, sleeper, clock)
        .await(started.executionId(), deadline, e -> {
          if (!String.valueOf(e.status()).equals(lastStatus.getAndSet(String.valueOf(e.status())))) {
            log(request, "status " + e.status());
          }
        });
    Execution last = outcome.last();
    String where = "Harness pipeline '" + started.pipeline() + "' execution " + started.executionId();
    if (outcome.timedOut()) {
      try {
        client.abort(started.executionId());
        log(request, "stage timeout of " + timeout.toSeconds() + " s passed; aborted " + started.executionId());
      } catch (HarnessException e) {
        log(request, "stage timeout passed; abort failed: " + e.getMessage());
      }
      // The aborted execution must not be re-attached by the retry: clear the id so the next attempt starts anew.
      external.put(EXECUTION_ID, "");
      external.put(EXECUTE_REQUESTED_AT, "");
      request.recordExternal().accept(Map.copyOf(external));
      return withExternal(StageResult.failed(Failure.transientFailure(where + " still " + last.status() + " after the "
          + "stage timeout of " + timeout.toSeconds() + " s; aborted it. Raise the stage's timeoutSeconds if it "
          + "needs longer — " + started.url()), null), external);
    }
    if (last.phase() == ExecutionPhase.SUCCEEDED) {
      log(request, "finished " + last.status());
      return withExternal(StageResult.ok(0), external);
    }
    log(request, "finished " + last.describe());
    return withExternal(StageResult.failed(Failure.permanent(where + " ended " + last.describe() + " — "
        + started.url()), 1), external);
  }

  private static void record(StageRequest request, Map<String, String> external, StartedExecution s) {
    external.put(PIPELINE, s.pipeline());
    external.put(EXECUTION_ID, s.executionId());
    external.put(EXECUTION_URL, s.url().toString());
    request.recordExternal().accept(Map.copyOf(external));
  }

  private static StageResult withExternal(StageResult r, Map<String, String> external) {
    return new StageResult(r.failure(), r.exitCode(), Map.copyOf(external));
  }

  private static StageResult permanent(String message) {
    return StageResult.failed(Failure.permanent(message), null);
  }

  private void log(StageRequest request, String line) {
    if (request.logFile() == null) return;
    try {
      Files.createDirectories(request.logFile().toAbsolutePath().getParent());
      Files.writeString(request.logFile(), clock.instant() + " [harness] "
          + dev.deploypipeline.secrets.Redaction.redact(line) + System.lineSeparator(),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.warn("cannot write stage log {}: {}", request.logFile(), e.toString());
    }
  }
}
