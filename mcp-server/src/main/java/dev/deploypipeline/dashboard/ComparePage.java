package dev.deploypipeline.dashboard;

import dev.deploypipeline.deploy.DeploymentService;
import java.util.List;
import java.util.function.Function;

/** {@code /compare}: the environments side by side (version, commit, when deployed, by which deployment). */
final class ComparePage {
  private ComparePage() {}

  static String render(DeploymentService service) {
    List<EnvironmentsNow.Current> envs = EnvironmentsNow.of(service, EnvironmentsNow.configuredService(service));
    Html h = new Html().open("Compare environments", "nav-compare");
    h.raw("<div class=\"table-wrap\"><table id=\"compare\"><caption>What runs where</caption><thead><tr>")
        .raw("<td></td>");
    for (var c : envs) h.raw("<th scope=\"col\" data-environment=\"").text(c.environment()).raw("\">")
        .text(c.environment()).raw("</th>");
    h.raw("</tr></thead><tbody>");
    row(h, envs, "version", "Version", c -> c.version() == null ? "—" : c.version());
    row(h, envs, "commit", "Commit", c -> c.commit() == null ? "—" : c.commit());
    h.raw("<tr data-row=\"deployed-at\"><th scope=\"row\">Deployed at</th>");
    for (var c : envs) h.raw("<td>").time(c.deployedAt(), "—").raw("</td>");
    h.raw("</tr><tr data-row=\"deployment\"><th scope=\"row\">Deployment</th>");
    for (var c : envs) {
      h.raw("<td>");
      if (c.deploymentId() == null) h.text("—");
      else h.link("/deployments/" + c.deploymentId(), c.deploymentId());
      h.raw("</td>");
    }
    h.raw("</tr>");
    row(h, envs, "health", "Health", EnvironmentsNow.Current::health);
    h.raw("</tbody></table></div>");
    long distinct = envs.stream().map(EnvironmentsNow.Current::version).filter(v -> v != null).distinct().count();
    h.raw("<p id=\"compare-summary\">").text(distinct <= 1 ? "Every deployed environment runs the same version."
        : distinct + " different versions are deployed.").raw("</p>");
    return h.close().toString();
  }

  private static void row(Html h, List<EnvironmentsNow.Current> envs, String key, String label,
      Function<EnvironmentsNow.Current, String> cell) {
    h.raw("<tr data-row=\"").raw(key).raw("\"><th scope=\"row\">").text(label).raw("</th>");
    for (var c : envs) h.raw("<td>").text(cell.apply(c)).raw("</td>");
    h.raw("</tr>");
  }
}
