package dev.deploypipeline.notify;

import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A notification as an Adaptive Card 1.4 inside the Workflows webhook envelope ({@code type: message},
 * {@code attachments}). 1.4 because Workflows' "Post card" fails to render 1.5; only {@code Action.OpenUrl},
 * since webhook cards cannot submit.
 */
final class TeamsCard {
  static final String VERSION = "1.4";
  /** Teams rejects payloads near 28 KB; a 4,000-char log tail leaves room for everything else. */
  static final int DETAIL_MAX = 4000;
  static final int FACT_MAX = 1000;

  private static final JsonMapper JSON = JsonMapper.shared();

  private TeamsCard() {}

  static String toJson(DeploymentNotification n) {
    return JSON.writeValueAsString(build(n));
  }

  static ObjectNode build(DeploymentNotification n) {
    NotificationFacts f = NotificationFacts.of(n);
    ObjectNode root = JSON.createObjectNode().put("type", "message");
    ObjectNode attachment = root.putArray("attachments").addObject()
        .put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.putNull("contentUrl");
    ObjectNode card = attachment.putObject("content")
        .put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
        .put("type", "AdaptiveCard")
        .put("version", VERSION);
    ArrayNode body = card.putArray("body");
    body.addObject().put("type", "TextBlock").put("text", f.title()).put("weight", "Bolder").put("size", "Medium")
        .put("wrap", true);
    body.addObject().put("type", "TextBlock").put("text", f.summary()).put("wrap", true);
    ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
    for (Map.Entry<String, String> e : f.facts().entrySet()) {
      facts.addObject().put("title", e.getKey()).put("value", Text.head(e.getValue(), FACT_MAX));
    }
    if (n.detail() != null && !n.detail().isBlank()) {
      body.addObject().put("type", "TextBlock").put("text", Text.tail(n.detail(), DETAIL_MAX))
          .put("fontType", "Monospace").put("wrap", true);
    }
    if (n.approveCommand() != null) {
      body.addObject().put("type", "TextBlock").put("text", "To approve, run in a terminal:").put("wrap", true);
      body.addObject().put("type", "TextBlock").put("text", n.approveCommand()).put("fontType", "Monospace")
          .put("wrap", true);
    }
    ArrayNode actions = JSON.createArrayNode();
    openUrl(actions, "Deployment details", n.detailsUrl());
    openUrl(actions, "Harness execution", n.executionUrl());
    if (!actions.isEmpty()) card.set("actions", actions);
    return root;
  }

  private static void openUrl(ArrayNode actions, String title, String url) {
    if (url == null) return;
    actions.addObject().put("type", "Action.OpenUrl").put("title", title).put("url", url);
  }
}
