package dev.deploypipeline.jira;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bodies Jira REST v3 takes: a comment in Atlassian Document Format (a {@code doc} of a bold headline, a
 * bullet list of facts and a link), and the remote link object. Text goes into ADF text nodes as it is, so
 * nothing needs escaping but JSON's own.
 */
final class Adf {
  static final int MAX_DETAIL = 1000;

  private Adf() {}

  static String comment(JiraMilestone m) {
    ArrayNode content = JiraClient.JSON.createArrayNode();
    ArrayNode head = JiraClient.JSON.createArrayNode();
    head.add(text(m.title(), mark("strong")));
    head.add(text(": " + m.service() + " " + m.version() + (m.environment() == null ? "" : " → " + m.environment()),
        null));
    content.add(block("paragraph", head));

    ArrayNode items = JiraClient.JSON.createArrayNode();
    items.add(item("State", m.state()));
    items.add(item("Environment", m.environment() == null ? "-" : m.environment()));
    items.add(item("Version", m.version()));
    items.add(item("Deployment", m.deploymentId()));
    if (m.detail() != null && !m.detail().isBlank()) items.add(item("Detail", head(m.detail())));
    content.add(block("bulletList", items));

    if (m.url() != null) {
      ObjectNode link = mark("link");
      link.set("attrs", JiraClient.JSON.createObjectNode().put("href", m.url()));
      content.add(block("paragraph", JiraClient.JSON.createArrayNode().add(text("View the deployment", link))));
    }
    ObjectNode doc = JiraClient.JSON.createObjectNode().put("type", "doc").put("version", 1);
    doc.set("content", content);
    ObjectNode body = JiraClient.JSON.createObjectNode();
    body.set("body", doc);
    return JiraClient.JSON.writeValueAsString(body);
  }

  /**
   * A remote link whose {@code globalId} is the deployment's, so that linking the same deployment again updates the
   * link instead of adding a second one.
   */
  static String remoteLink(JiraMilestone m) {
    ObjectNode o = JiraClient.JSON.createObjectNode();
    o.put("globalId", "deployment-pipeline:" + m.service() + ":" + m.deploymentId());
    o.set("application", JiraClient.JSON.createObjectNode().put("type", "dev.deploypipeline")
        .put("name", "deployment-pipeline"));
    o.put("relationship", "deployed in");
    ObjectNode object = JiraClient.JSON.createObjectNode().put("url", m.url())
        .put("title", m.service() + " " + m.version() + " deployed to " + m.environment())
        .put("summary", "Deployment " + m.deploymentId() + ", state " + m.state());
    object.set("status", JiraClient.JSON.createObjectNode().put("resolved", true));
    o.set("object", object);
    return JiraClient.JSON.writeValueAsString(o);
  }

  private static ObjectNode item(String label, String value) {
    ArrayNode p = JiraClient.JSON.createArrayNode().add(text(label + ": ", mark("strong"))).add(text(value, null));
    return block("listItem", JiraClient.JSON.createArrayNode().add(block("paragraph", p)));
  }

  private static ObjectNode block(String type, ArrayNode content) {
    ObjectNode n = JiraClient.JSON.createObjectNode().put("type", type);
    n.set("content", content);
    return n;
  }

  /** ADF forbids empty text nodes. */
  private static ObjectNode text(String text, ObjectNode mark) {
    ObjectNode n = JiraClient.JSON.createObjectNode().put("type", "text")
        .put("text", text == null || text.isEmpty() ? "-" : text);
    if (mark != null) n.set("marks", JiraClient.JSON.createArrayNode().add(mark));
    return n;
  }

  private static ObjectNode mark(String type) {
    return JiraClient.JSON.createObjectNode().put("type", type);
  }

  private static String head(String s) {
    String one = s.strip();
    return one.length() > MAX_DETAIL ? one.substring(0, MAX_DETAIL) + "…" : one;
  }
}
