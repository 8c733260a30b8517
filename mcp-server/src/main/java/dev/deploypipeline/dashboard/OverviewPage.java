package dev.deploypipeline.dashboard;

import dev.deploypipeline.deploy.DeployException;
import dev.deploypipeline.deploy.DeploymentService;
import dev.deploypipeline.workflow.DeploymentSummary;
import java.util.List;

/** {@code /}: each environment's version, health, last deploy and prod approver; the deploy button and dialog. */
final class OverviewPage {
  static final int RUNNING_SHOWN = 20;

  private OverviewPage() {}

  static String render(DeploymentService service) {
    String configured = null;
    String problem = null;
    try {
      configured = service.config().service();
    } catch (DeployException e) {
      problem = e.getMessage();
    }
    Html h = new Html().open("Overview", "nav-overview");
    if (problem != null) h.raw("<p class=\"problem\" id=\"config-problem\">").text(problem).raw("</p>");
    h.raw("<p>Service: <strong id=\"service-name\">").text(configured == null ? "(any)" : configured)
        .raw("</strong></p>");
    h.raw("<div class=\"table-wrap\"><table id=\"environments\"><caption>Environments now</caption><thead><tr>")
        .raw("<th scope=\"col\">Environment</th><th scope=\"col\">Version</th><th scope=\"col\">Health</th>")
        .raw("<th scope=\"col\">Last deploy</th><th scope=\"col\">Approved by</th></tr></thead><tbody>");
    for (EnvironmentsNow.Current c : EnvironmentsNow.of(service, configured)) {
      h.raw("<tr data-environment=\"").text(c.environment()).raw("\"><th scope=\"row\">").text(c.environment())
          .raw("</th><td class=\"version\" data-label=\"Version\">").text(c.version() == null ? "—" : c.version())
          .raw("</td><td class=\"health\" data-label=\"Health\"><span class=\"badge ").text(c.health()).raw("\">")
          .text(c.health()).raw("</span> <span class=\"detail\">").text(c.healthDetail())
          .raw("</span></td><td class=\"last-deploy\" data-label=\"Last deploy\">");
      h.time(c.deployedAt(), "—");
      if (c.deploymentId() != null) h.raw(" (").link("/deployments/" + c.deploymentId(), c.deploymentId()).raw(")");
      h.raw("</td><td class=\"approved-by\" data-label=\"Approved by\">")
          .text(c.approvedBy() != null ? c.approvedBy() : "prod".equals(c.environment()) ? "—" : "no gate")
          .raw("</td></tr>");
    }
    h.raw("</tbody></table></div>");
    h.raw("<p><button type=\"button\" id=\"deploy-button\" data-dialog=\"deploy-dialog\">Deploy…</button></p>");
    h.dialog("deploy", "Start a deployment", "The pipeline builds, tests and deploys the branch's head commit to dev "
        + "and staging, then waits at the prod gate for a signed approval.",
        "<label for=\"deploy-branch\">Branch</label><input id=\"deploy-branch\" name=\"branch\" value=\"main\" "
            + "required autocomplete=\"off\" spellcheck=\"false\">"
            + "<input type=\"hidden\" id=\"deploy-service-name\" value=\"" + Html.esc(configured) + "\">", "Deploy");
    List<DeploymentSummary> active = service.store().active();
    h.raw("<h2>Running now</h2>");
    if (active.isEmpty()) h.raw("<p id=\"active-none\">No deployment is running.</p>");
    else {
      h.raw("<ul id=\"active\">");
      // A store left with many unfinished deployments (crashed drivers) must not make the overview slow.
      for (DeploymentSummary s : active.subList(0, Math.min(active.size(), RUNNING_SHOWN))) {
        h.raw("<li>").link("/deployments/" + s.id(), s.id()).raw(" ").text(s.service()).raw(" ").text(s.version())
            .raw(" — <span class=\"badge ").text(s.state().id()).raw("\">").text(s.state().id()).raw("</span></li>");
      }
      h.raw("</ul>");
      if (active.size() > RUNNING_SHOWN) {
        h.raw("<p>").text((active.size() - RUNNING_SHOWN) + " more: `deployment-pipeline deploy status` lists them all.")
            .raw("</p>");
      }
    }
    return h.close().toString();
  }
}
