package dev.deploypipeline.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of one stage of one deployment. {@code external} holds what an executor must find again after a
 * restart (a Harness execution id and URL), written before the executor waits on it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageRun(String stage, String status, String executor, Instant startedAt, Instant endedAt,
    List<Attempt> attempts, String logFile, Map<String, String> external) {
  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String SKIPPED = "skipped";
  public static final String INTERRUPTED = "interrupted";

  public StageRun {
    attempts = attempts == null ? List.of() : List.copyOf(attempts);
    external = external == null ? Map.of() : Map.copyOf(external);
  }

  public static StageRun started(String stage, String executor, Instant at, String logFile) {
    return new StageRun(stage, RUNNING, executor, at, null, List.of(), logFile, Map.of());
  }

  public StageRun withAttempt(Attempt a) {
    List<Attempt> list = new ArrayList<>(attempts);
    list.removeIf(x -> x.number() == a.number());
    list.add(a);
    return new StageRun(stage, status, executor, startedAt, endedAt, list, logFile, external);
  }

  public StageRun withExternal(Map<String, String> more) {
    Map<String, String> m = new LinkedHashMap<>(external);
    m.putAll(more);
    return new StageRun(stage, status, executor, startedAt, endedAt, attempts, logFile, m);
  }

  public StageRun finished(String status, Instant at) {
    return new StageRun(stage, status, executor, startedAt, at, attempts, logFile, external);
  }

  public long durationMs() {
    if (startedAt == null || endedAt == null) return 0;
    return Duration.between(startedAt, endedAt).toMillis();
  }

  public int retries() {
    return Math.max(0, attempts.size() - 1);
  }
}
