package dev.deploypipeline.store;

import dev.deploypipeline.workflow.State;
import java.time.Instant;

/** Filters for history; null means "any". Results are newest first, at most {@code limit}. */
public record HistoryQuery(String service, String environment, State state, Instant since, int limit) {
  public static HistoryQuery all(int limit) {
    return new HistoryQuery(null, null, null, null, limit);
  }
}
