package dev.deploypipeline.rollbackplan;

import java.util.ArrayList;
import java.util.List;

/** Turns the gathered facts into a plan: markdown for a human to read, and the script that carries it out. */
public final class RollbackPlanner {
  private RollbackPlanner() {}

  public static RollbackPlan plan(PlanInput in) {
    if (in.current() == null) {
      return impossible(in, "no deployment reached " + in.environment() + " yet");
    }
    if (in.target() == null) {
      return impossible(in, in.current().deploymentId() + " (" + in.current().version() + ") is the first release "
          + "recorded in " + in.environment() + "; there is no earlier one");
    }
    if (in.compose() == null && in.rollbackCommand() == null) {
      return impossible(in, in.environment() + " has neither a Compose target nor a rollback command; add "
          + "environments." + in.environment() + ".rollback.command (or a compose target) to the config");
    }
    List<ImageTags.Change> images = in.compose() == null ? List.of()
        : ImageTags.changes(in.compose(), in.current().version(), in.target().version());
    List<Irreversible> irreversible = Irreversible.of(in);
    List<String> titles = PlanScript.titles(in);
    List<String> verify = verify(in, images);
    String caddy = caddy(in);
    String script = PlanScript.render(in, images, titles);
    String markdown = PlanMarkdown.render(in, images, irreversible, titles, verify, caddy, script);
    return new RollbackPlan(in.service(), in.environment(), true, null, in.current(), in.target(), images,
        irreversible, titles, verify, caddy, markdown, script);
  }

  private static RollbackPlan impossible(PlanInput in, String why) {
    String md = "# Rollback plan: " + in.service() + " in " + in.environment() + "\n\nNothing to roll back to: " + why
        + ".\n";
    return new RollbackPlan(in.service(), in.environment(), false, why, in.current(), null, List.of(), List.of(),
        List.of(), List.of(), null, md, PlanScript.nothing(in, why));
  }

  private static List<String> verify(PlanInput in, List<ImageTags.Change> images) {
    List<String> out = new ArrayList<>();
    for (ImageTags.Change i : images) if (i.versioned()) out.add("service " + i.service() + " runs " + i.to());
    for (String url : in.healthUrls()) out.add(url + " answers 2xx (retried for up to a minute)");
    if (in.caddy() != null) out.add("Caddy's admin API at " + in.caddy().admin() + " answers, and the sites route");
    out.add("`deployment-pipeline deploy status` (or deploy_status) shows " + in.environment() + " on "
        + in.target().version() + " once the rollback went through the pipeline");
    return out;
  }

  private static String caddy(PlanInput in) {
    PlanInput.Caddy c = in.caddy();
    if (c == null) return null;
    if (c.changed()) {
      return c.caddyfile() + " changed since " + in.target().version() + ": the script reloads the one from commit "
          + in.target().commit();
    }
    if (c.previousCaddyfile() != null) {
      return c.caddyfile() + " is the same at " + in.target().version() + " and now: Caddy needs no change";
    }
    return (c.liveConfigBytes() >= 0 ? "live config (" + c.liveConfigBytes() + " bytes) read from " + c.admin()
        : "admin API at " + c.admin() + " did not answer (" + c.liveError() + ")")
        + "; the previous config was not recorded, so the script saves the live one before it starts";
  }
}
