package dev.deploypipeline.executor;

import dev.deploypipeline.config.StageSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One attempt of one stage.
 *
 * @param stage the stage id ({@code building}, {@code deploying-prod}, {@code rollback-prod})
 * @param context the deployment context, exported to commands as environment variables ({@code DEPLOYMENT_ID},
 *     {@code SERVICE}, {@code BRANCH}, {@code COMMIT}, {@code VERSION}, {@code ENVIRONMENT}, ...)
 * @param external what an earlier attempt or process recorded (e.g. a Harness execution id) to re-attach to
 * @param recordExternal persists new external references at once, before the executor waits on them
 */
public record StageRequest(
    String stage,
    StageSpec spec,
    Map<String, String> context,
    Path projectDir,
    Path logFile,
    Duration timeout,
    int attempt,
    Map<String, String> external,
    Consumer<Map<String, String>> recordExternal) {}
