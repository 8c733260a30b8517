package dev.deploypipeline.rollbackplan;

import java.util.List;

/** The plan as markdown: what changes, what does not roll back, the steps, the checks, and the script. */
final class PlanMarkdown {
  private PlanMarkdown() {}

  static String render(PlanInput in, List<ImageTags.Change> images, List<Irreversible> irreversible,
      List<String> steps, List<String> verify, String caddy, String script) {
    StringBuilder m = new StringBuilder();
    m.append("# Rollback plan: ").append(in.service()).append(" in ").append(in.environment()).append("\n\n");
    m.append("From **").append(in.current().version()).append("** (").append(in.current().deploymentId())
        .append(commit(in.current())).append(") back to **").append(in.target().version()).append("** (")
        .append(in.target().deploymentId()).append(commit(in.target())).append(").\n\n");
    if (!images.isEmpty()) {
      m.append("## Images\n\n| service | now | after the rollback |\n|---|---|---|\n");
      for (ImageTags.Change i : images) {
        m.append("| ").append(i.service()).append(" | `").append(i.from()).append("` | ")
            .append(i.versioned() ? "`" + i.to() + "`" : "unchanged (pinned)").append(" |\n");
      }
      m.append('\n');
    }
    if (caddy != null) m.append("## Caddy\n\n").append(caddy).append(".\n\n");
    m.append("## What cannot be rolled back\n\n");
    if (irreversible.isEmpty()) m.append("Nothing found: no named volume, no migration directory.\n");
    for (Irreversible i : irreversible) {
      m.append("- **").append(i.kind()).append(" ").append(i.name()).append("**: ").append(i.detail())
          .append(". *What to do:* ").append(i.mitigation()).append(".\n");
    }
    m.append("\n## Steps\n\n");
    for (int i = 0; i < steps.size(); i++) m.append(i + 1).append(". ").append(steps.get(i)).append('\n');
    m.append("\nThrough the pipeline (audited; prod needs a verified human): `deployment-pipeline rollback-plan --env ")
        .append(in.environment()).append(" --execute`.\n\n## Verify\n\n");
    for (String v : verify) m.append("- ").append(v).append('\n');
    m.append("\n## Script\n\n```bash\n").append(script).append("```\n");
    return m.toString();
  }

  private static String commit(PlanInput.Release r) {
    return r.commit() == null ? "" : ", commit " + r.commit().substring(0, Math.min(12, r.commit().length()));
  }
}
