package dev.deploypipeline.notify;

import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A notification as a Slack Block Kit message: header, fields, detail, context and URL buttons, with the
 * {@code text} fallback that webhooks need. Limits from Slack's Block Kit reference are applied here so Slack
 * never answers {@code invalid_blocks}.
 */
final class SlackMessage {
  static final int MAX_BLOCKS = 50;
  static final int HEADER_MAX = 150;
  static final int SECTION_TEXT_MAX = 3000;
  static final int FIELD_TEXT_MAX = 2000;
  static final int MAX_FIELDS = 10;
  static final int BUTTON_TEXT_MAX = 75;
  static final int BUTTON_URL_MAX = 3000;
  static final int CONTEXT_TEXT_MAX = 3000;
  /** The fallback is shown in notifications; Slack cuts it at 40,000 but a phone shows a line or two. */
  static final int FALLBACK_MAX = 3000;

  private static final JsonMapper JSON = JsonMapper.shared();

  private SlackMessage() {}

  static String toJson(DeploymentNotification n) {
    return JSON.writeValueAsString(build(n));
  }

  static ObjectNode build(DeploymentNotification n) {
    NotificationFacts f = NotificationFacts.of(n);
    ObjectNode root = JSON.createObjectNode();
    root.put("text", Text.head(escape(f.summary()), FALLBACK_MAX));
    ArrayNode blocks = root.putArray("blocks");

    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", Text.head(f.title(), HEADER_MAX)).put("emoji", true);

    ObjectNode fields = blocks.addObject().put("type", "section");
    ArrayNode fieldList = fields.putArray("fields");
    int count = 0;
    for (Map.Entry<String, String> e : f.facts().entrySet()) {
      if (count++ == MAX_FIELDS) break;
      String text = "*" + e.getKey() + ":*\n" + escape(e.getValue());
      fieldList.addObject().put("type", "mrkdwn").put("text", Text.head(text, FIELD_TEXT_MAX));
    }

    if (n.detail() != null && !n.detail().isBlank()) {
      String fence = "```";
      String body = Text.tailEscaped(n.detail(), SECTION_TEXT_MAX - 2 * fence.length() - 2, SlackMessage::escape);
      section(blocks, fence + "\n" + body + "\n" + fence);
    }
    if (n.approveCommand() != null) {
      section(blocks, Text.head("To approve, run in a terminal:\n`" + escape(n.approveCommand()) + "`", SECTION_TEXT_MAX));
    }

    ObjectNode context = blocks.addObject().put("type", "context");
    String ctx = "Deployment `" + escape(n.deployment().id()) + "`"
        + (n.deployment().branch() == null ? "" : " · branch " + escape(n.deployment().branch()))
        + " · " + escape(n.kind().id());
    context.putArray("elements").addObject().put("type", "mrkdwn").put("text", Text.head(ctx, CONTEXT_TEXT_MAX));

    ArrayNode buttons = JSON.createArrayNode();
    button(buttons, "Deployment details", n.detailsUrl(), true);
    button(buttons, "Harness execution", n.executionUrl(), false);
    if (!buttons.isEmpty()) blocks.addObject().put("type", "actions").set("elements", buttons);
    return root;
  }

  private static void section(ArrayNode blocks, String mrkdwn) {
    blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", mrkdwn);
  }

  /** A cut URL would lead somewhere wrong, so a URL over the limit drops its button instead. */
  private static void button(ArrayNode buttons, String label, String url, boolean primary) {
    if (url == null || url.length() > BUTTON_URL_MAX) return;
    ObjectNode b = buttons.addObject().put("type", "button");
    b.putObject("text").put("type", "plain_text").put("text", Text.head(label, BUTTON_TEXT_MAX));
    b.put("url", url);
    if (primary) b.put("style", "primary");
  }

  /** Slack mrkdwn control characters, per Slack's formatting guide. */
  static String escape(String s) {
    return s == null ? null : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
