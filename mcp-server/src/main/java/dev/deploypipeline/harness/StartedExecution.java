package dev.deploypipeline.harness;

import java.net.URI;

/**
 * An execution that {@code execute} started, or found already started after an ambiguous failure
 * ({@code adopted}: the first request reached Harness although its answer was lost).
 */
public record StartedExecution(String executionId, String pipeline, URI url, boolean adopted) {}
