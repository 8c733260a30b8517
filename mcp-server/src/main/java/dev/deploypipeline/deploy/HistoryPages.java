package dev.deploypipeline.deploy;

import dev.deploypipeline.store.DeploymentStore;
import dev.deploypipeline.store.HistoryQuery;
import dev.deploypipeline.workflow.DeploymentSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * History a page at a time, newest first. A page ends at a deployment; the next starts after it ({@code after},
 * a deployment id), so pages stay stable while new deployments arrive at the top.
 */
public final class HistoryPages {
  public record Page(List<DeploymentSummary> items, String lastId, boolean more) {}

  private HistoryPages() {}

  /** {@code q.limit()} rows after deployment {@code after} (null: from the newest). */
  public static Page page(DeploymentStore store, HistoryQuery q, String after) {
    int want = q.limit() + 1;
    int fetch = after == null ? want : want * 4;
    while (true) {
      List<DeploymentSummary> rows = store.history(new HistoryQuery(q.service(), q.environment(), q.state(),
          q.since(), fetch));
      List<DeploymentSummary> out = new ArrayList<>(want);
      boolean past = after == null;
      for (DeploymentSummary s : rows) {
        if (past) {
          out.add(s);
          if (out.size() == want) break;
        } else if (s.id().equals(after) || number(s.id()) < number(after)) {
          past = true;
          if (!s.id().equals(after)) out.add(s);
        }
      }
      boolean exhausted = rows.size() < fetch;
      if (out.size() == want || exhausted) {
        boolean more = out.size() == want;
        List<DeploymentSummary> items = more ? out.subList(0, q.limit()) : out;
        return new Page(List.copyOf(items), items.isEmpty() ? null : items.get(items.size() - 1).id(), more);
      }
      fetch = fetch >= Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE : fetch * 2;
    }
  }

  private static long number(String id) {
    try {
      return Long.parseLong(id.substring(id.indexOf('-') + 1));
    } catch (RuntimeException e) {
      return Long.MAX_VALUE;
    }
  }
}
